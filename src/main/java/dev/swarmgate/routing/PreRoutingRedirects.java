package dev.swarmgate.routing;

import dev.swarmgate.config.Destination;
import dev.swarmgate.config.DomainRedirect;
import dev.swarmgate.config.HttpRule;
import dev.swarmgate.config.HttpsRedirect;
import dev.swarmgate.config.ReqMode;
import dev.swarmgate.config.ServiceSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * One service's redirects that run before routing, in the order DFP's frontend snippet lists them: every
 * destination's {@code redirectFromDomain}, then {@code redirectWhenHttpProto} per destination, then
 * {@code redirectUnlessHttpsProto} per destination. Services follow one another in rule order.
 */
final class PreRoutingRedirects {

    private static final System.Logger LOG = System.getLogger(PreRoutingRedirects.class.getName());

    private PreRoutingRedirects() {
    }

    static List<PreRoutingRedirect> of(ServiceSpec service) {
        List<PreRoutingRedirect> domains = new ArrayList<>();
        List<PreRoutingRedirect> whenHttp = new ArrayList<>();
        List<PreRoutingRedirect> unlessHttps = new ArrayList<>();
        for (Destination destination : service.destinations()) {
            if (destination.reqMode() != ReqMode.HTTP) {
                continue;
            }
            for (HttpRule rule : destination.rules()) {
                if (rule instanceof DomainRedirect redirect) {
                    domains.add(new DomainRedirectRule(redirect));
                } else if (rule instanceof HttpsRedirect redirect
                        && redirect.when() != HttpsRedirect.When.PLAIN_CONNECTION) {
                    PreRoutingRedirect compiled = forwardedProto(service, destination, redirect);
                    if (compiled != null) {
                        (redirect.when() == HttpsRedirect.When.FORWARDED_PROTO_HTTP ? whenHttp : unlessHttps)
                                .add(compiled);
                    }
                }
            }
        }
        List<PreRoutingRedirect> all = new ArrayList<>(domains);
        all.addAll(whenHttp);
        all.addAll(unlessHttps);
        return all;
    }

    private static PreRoutingRedirect forwardedProto(ServiceSpec service, Destination destination,
                                                     HttpsRedirect redirect) {
        List<String> paths = destination.paths().isEmpty() ? List.of("/") : destination.paths();
        try {
            HostMatcher hosts = destination.domains().isEmpty()
                    ? null : HostMatcher.of(destination.domainMatch(), destination.domains());
            return new ForwardedProtoRedirectRule(destination.srcPort(), PathMatcher.of(destination.pathType(), paths),
                    hosts, redirect);
        } catch (PatternSyntaxException e) {
            LOG.log(System.Logger.Level.WARNING, "serviceName {0}: the X-Forwarded-Proto redirect of destination {1}"
                    + " skipped, its servicePath is not a valid Java regex ({2})", service.name(),
                    destination.index(), e.getMessage());
            return null;
        }
    }
}
