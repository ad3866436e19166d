package dev.swarmgate.admin;

import dev.swarmgate.httpapi.ApiReply;
import dev.swarmgate.httpapi.ApiRequest;
import dev.swarmgate.httpapi.ApiRoutes;
import dev.swarmgate.routing.rules.LocalReply;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code STATS_PORT}: a port of its own that serves the stats page and nothing else, as Docker Flow Proxy's
 * {@code frontend stats} did; any other target is a 404 naming the page's.
 */
final class StatsPortRoutes implements ApiRoutes {

    private final Dashboard dashboard;
    private final String uri;

    StatsPortRoutes(Dashboard dashboard, String uri) {
        this.dashboard = dashboard;
        this.uri = uri;
    }

    @Override
    public CompletableFuture<ApiReply> answer(ApiRequest request) {
        if (!dashboard.claims(request.uri())) {
            return CompletableFuture.completedFuture(ApiReply.text(404,
                    "Only the stats page is served on this port, at " + uri + "\n"));
        }
        return CompletableFuture.completedFuture(
                toApiReply(dashboard.answer(request.method(), request.uri(), request.authorization())));
    }

    static ApiReply toApiReply(LocalReply reply) {
        String contentType = "text/plain; charset=utf-8";
        Map<String, String> headers = new LinkedHashMap<>();
        for (LocalReply.Header header : reply.headers()) {
            if (header.name().equalsIgnoreCase("Content-Type")) {
                contentType = header.value();
            } else {
                headers.put(header.name(), header.value());
            }
        }
        byte[] body = reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
        return new ApiReply(reply.status(), contentType, body, headers);
    }

    @Override
    public ApiReply malformed() {
        return ApiReply.text(400, "Malformed request\n");
    }

    @Override
    public ApiReply failed(Throwable failure) {
        return ApiReply.text(500, "Internal error: " + failure + "\n");
    }
}
