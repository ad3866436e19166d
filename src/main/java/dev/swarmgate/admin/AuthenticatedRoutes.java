package dev.swarmgate.admin;

import dev.swarmgate.config.AdminAuth;
import dev.swarmgate.httpapi.ApiReply;
import dev.swarmgate.httpapi.ApiRequest;
import dev.swarmgate.httpapi.ApiRoutes;
import dev.swarmgate.httpapi.RequestTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The admin API behind HTTP basic authentication ({@code ADMIN_USERS}): a request without the credentials of an
 * admin user gets a 401 with {@code WWW-Authenticate: Basic realm="swarmgate-admin"} and never reaches the
 * endpoints. Only the health probes stay open, {@code ping} and {@code successfulinitreload}, which answer nothing
 * but whether the proxy is up and ready, so an orchestrator's health check needs no password. They are matched on
 * the path as received (a trailing slash allowed): any other spelling needs credentials.
 */
public final class AuthenticatedRoutes implements ApiRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(AuthenticatedRoutes.class);
    private static final Set<String> OPEN_PATHS = Set.of(
            AdminRouter.DFP + "/ping", AdminRouter.DFP + "/ping/",
            AdminRouter.DFP + "/successfulinitreload", AdminRouter.DFP + "/successfulinitreload/");

    private final ApiRoutes endpoints;
    private final AdminCredentials credentials;

    private AuthenticatedRoutes(ApiRoutes endpoints, AdminAuth auth) {
        this.endpoints = endpoints;
        this.credentials = new AdminCredentials(auth);
    }

    /** {@code endpoints} behind authentication when {@code auth} requires it, else {@code endpoints} as they are. */
    public static ApiRoutes of(ApiRoutes endpoints, AdminAuth auth) {
        return auth.required() ? new AuthenticatedRoutes(endpoints, auth) : endpoints;
    }

    @Override
    public CompletableFuture<ApiReply> answer(ApiRequest request) {
        String path = RequestTarget.rawPathOf(request.uri());
        if (OPEN_PATHS.contains(path) || credentials.accept(request.authorization())) {
            return endpoints.answer(request);
        }
        // Neither the header nor the query: both may hold passwords.
        LOG.info("Admin request {} {} refused: {}", request.method(), path,
                request.authorization().isEmpty() ? "no credentials" : "wrong credentials");
        return CompletableFuture.completedFuture(Challenge.REPLY);
    }

    /**
     * The 401 reply, made at the first refusal rather than when the admin API is set up: it is the first JSON a
     * proxy writes, and the JSON library's set-up (30 ms) need not delay its start.
     */
    private static final class Challenge {
        static final ApiReply REPLY = challenge();
    }

    private static ApiReply challenge() {
        ApiReply nok = ApiReply.json(401, DfpResponse.nok("Authentication required: send the credentials of a user"
                + " in ADMIN_USERS with HTTP basic authentication, e.g. curl -u user:password", ""));
        return new ApiReply(nok.status(), nok.contentType(), nok.body(),
                Map.of("WWW-Authenticate", "Basic realm=\"" + AdminAuth.REALM + "\""));
    }

    @Override
    public ApiReply malformed() {
        return endpoints.malformed();
    }

    @Override
    public ApiReply failed(Throwable failure) {
        return endpoints.failed(failure);
    }
}
