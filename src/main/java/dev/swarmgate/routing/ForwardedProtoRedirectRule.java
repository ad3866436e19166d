package dev.swarmgate.routing;

import dev.swarmgate.config.HttpsRedirect;
import dev.swarmgate.routing.rules.HttpsRedirectStep;
import dev.swarmgate.routing.rules.LocalReply;
import dev.swarmgate.routing.rules.RequestView;
import dev.swarmgate.routing.rules.StepResult;

/**
 * {@code redirectWhenHttpProto} / {@code redirectUnlessHttpsProto}: DFP's frontend rule
 * {@code http-request redirect scheme https if is_<acl>_http url_<dest> [domain_<dest>] [srcPort_<dest>]}, i.e. for
 * requests on the destination's paths, domains and srcPort (not its excluded paths nor header conditions, which
 * DFP's rule leaves out too), before any routing.
 */
final class ForwardedProtoRedirectRule implements PreRoutingRedirect {

    private final int srcPort;
    private final PathMatcher paths;
    private final HostMatcher hosts;
    private final HttpsRedirect redirect;
    private final HttpsRedirectStep step;

    ForwardedProtoRedirectRule(int srcPort, PathMatcher paths, HostMatcher hosts, HttpsRedirect redirect) {
        this.srcPort = srcPort;
        this.paths = paths;
        this.hosts = hosts;
        this.redirect = redirect;
        this.step = new HttpsRedirectStep(redirect);
    }

    @Override
    public boolean appliesTo(int listenerPort) {
        return srcPort == 0 || srcPort == listenerPort;
    }

    @Override
    public LocalReply apply(String host, int nameEnd, String path, RequestView request) {
        if (!paths.matches(path) || hosts != null && (host == null || !hosts.matches(host, nameEnd))) {
            return null;
        }
        StepResult result = step.apply(request);
        return result instanceof LocalReply reply ? reply : null;
    }

    @Override
    public String describe() {
        String condition = redirect.when() == HttpsRedirect.When.FORWARDED_PROTO_HTTP
                ? "hdr(X-Forwarded-Proto) http" : "!hdr(X-Forwarded-Proto) https";
        return "redirect " + redirect.status() + " scheme https if " + condition + "  " + paths.describe(false)
                + (hosts == null ? "" : "  host " + hosts.describe())
                + (srcPort == 0 ? "" : "  dst_port " + srcPort);
    }
}
