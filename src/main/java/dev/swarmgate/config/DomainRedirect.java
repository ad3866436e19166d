package dev.swarmgate.config;

import java.util.List;

/**
 * {@code redirectFromDomain}: a request whose Host begins with one of {@code fromHosts} (case-insensitive, as
 * HAProxy's {@code hdr_beg(host) -i}) is answered {@code 301} to {@code http://<toDomain><path and query>}, before
 * any routing and on every HTTP listener. {@code toDomain} is the destination's first {@code serviceDomain}.
 */
public record DomainRedirect(List<String> fromHosts, String toDomain) implements HttpRule {

    public DomainRedirect {
        fromHosts = List.copyOf(fromHosts);
    }
}
