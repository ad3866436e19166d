package dev.swarmgate.routing;

import dev.swarmgate.config.DomainRedirect;
import dev.swarmgate.routing.rules.HttpsRedirectStep;
import dev.swarmgate.routing.rules.LocalReply;
import dev.swarmgate.routing.rules.RequestView;

/**
 * {@code redirectFromDomain}: DFP's {@code http-request redirect code 301 prefix http://<domain> if
 * { hdr_beg(host) -i <from> }}. The whole Host header is tested for the prefix, port included, on every listener.
 */
final class DomainRedirectRule implements PreRoutingRedirect {

    private final String[] fromHosts;
    private final String prefix;

    DomainRedirectRule(DomainRedirect redirect) {
        this.fromHosts = redirect.fromHosts().toArray(String[]::new);
        this.prefix = "http://" + redirect.toDomain();
    }

    @Override
    public boolean appliesTo(int listenerPort) {
        return true;
    }

    @Override
    public LocalReply apply(String host, int nameEnd, String path, RequestView request) {
        if (host == null) {
            return null;
        }
        for (String from : fromHosts) {
            if (host.regionMatches(true, 0, from, 0, from.length())) {
                return LocalReply.redirect(301, prefix + HttpsRedirectStep.target(request));
            }
        }
        return null;
    }

    @Override
    public String describe() {
        return "redirect 301 prefix " + prefix + " if hdr_beg(host) -i " + String.join(" ", fromHosts);
    }
}
