package dev.swarmgate.routing.rules;

import dev.swarmgate.config.AuthExemption;
import dev.swarmgate.config.BasicAuth;
import dev.swarmgate.config.ClientCertificateRequirement;
import dev.swarmgate.config.Compression;
import dev.swarmgate.config.DomainRedirect;
import dev.swarmgate.config.HeaderEdit;
import dev.swarmgate.config.HttpRule;
import dev.swarmgate.config.HttpsRedirect;
import dev.swarmgate.config.MethodFilter;
import dev.swarmgate.config.PathRewrite;
import dev.swarmgate.config.PlainHttpDenial;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Turns a destination's {@link HttpRule}s into the steps of its route, in a fixed order whatever order they were
 * given in: redirects, access control (client certificate, methods, plain HTTP), authentication, path rewrites, header edits. Runs off
 * the event loop, once per configuration change: regexes are compiled and hashes decoded here, never per request.
 * {@link DomainRedirect} and the {@code X-Forwarded-Proto} {@link HttpsRedirect}s are not route steps: they run
 * before routing (see {@code RouteTable}).
 */
public final class RulesCompiler {

    private RulesCompiler() {
    }

    /**
     * @param globalAuth the proxy-wide {@code USERS}, guarding every destination that has no users of its own and
     *                   is not exempt ({@code ignoreAuthorization})
     */
    public static RouteRules compile(List<HttpRule> rules, Optional<BasicAuth> globalAuth) {
        List<HttpRule> ordered = new ArrayList<>(rules);
        boolean exempt = ordered.stream().anyMatch(rule -> rule instanceof AuthExemption);
        boolean ownAuth = ordered.stream().anyMatch(rule -> rule instanceof BasicAuth);
        if (exempt) {
            ordered.removeIf(rule -> rule instanceof BasicAuth);
        } else if (!ownAuth && globalAuth.isPresent()) {
            ordered.add(globalAuth.get());
        }
        ordered.sort(Comparator.comparingInt(RulesCompiler::phase));
        List<RequestStep> request = new ArrayList<>();
        List<ResponseStep> response = new ArrayList<>();
        CompressionPolicy compression = null;
        for (HttpRule rule : ordered) {
            switch (rule) {
                case DomainRedirect ignored -> { }
                case AuthExemption ignored -> { }
                case HttpsRedirect redirect -> {
                    // The X-Forwarded-Proto kinds run before routing (RouteTable), as in DFP's frontend.
                    if (redirect.when() == HttpsRedirect.When.PLAIN_CONNECTION) {
                        request.add(new HttpsRedirectStep(redirect));
                    }
                }
                case MethodFilter filter -> request.add(new MethodCheck(filter));
                case PlainHttpDenial ignored -> request.add(PlainHttpCheck.INSTANCE);
                case ClientCertificateRequirement ignored -> request.add(ClientCertificateCheck.INSTANCE);
                case BasicAuth auth -> request.add(BasicAuthCheck.of(auth));
                case PathRewrite rewrite -> request.add(new PathRewriteStep(rewrite));
                case HeaderEdit edit -> {
                    if (edit.direction() == HeaderEdit.Direction.REQUEST) {
                        request.add(new RequestHeaderEdit(edit));
                    } else {
                        response.add(new ResponseHeaderEdit(edit));
                    }
                }
                case Compression given -> compression = CompressionPolicy.of(given);
            }
        }
        RouteRules compiled = new RouteRules(request, response, compression);
        return compiled.isEmpty() ? RouteRules.NONE : compiled;
    }

    private static int phase(HttpRule rule) {
        return switch (rule) {
            case DomainRedirect ignored -> 0;
            case HttpsRedirect ignored -> 1;
            case MethodFilter ignored -> 2;
            case PlainHttpDenial ignored -> 2;
            case ClientCertificateRequirement ignored -> 2;
            case AuthExemption ignored -> 3;
            case BasicAuth ignored -> 3;
            case PathRewrite ignored -> 4;
            case HeaderEdit ignored -> 5;
            case Compression ignored -> 6;
        };
    }
}
