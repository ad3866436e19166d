package dev.swarmgate.routing;

import dev.swarmgate.config.DomainMatch;

import java.util.List;

/**
 * A destination's domains compiled for one {@link DomainMatch}: tells whether a Host header matches any of them,
 * case-insensitively and without allocating. The Host's {@code :port} is ignored unless the domain itself names a
 * port.
 */
final class HostMatcher {

    private final DomainMatch match;
    private final String[] domains;
    private final boolean[] withPort;

    private HostMatcher(DomainMatch match, String[] domains, boolean[] withPort) {
        this.match = match;
        this.domains = domains;
        this.withPort = withPort;
    }

    static HostMatcher of(DomainMatch match, List<String> domains) {
        String[] array = domains.toArray(String[]::new);
        boolean[] withPort = new boolean[array.length];
        for (int i = 0; i < array.length; i++) {
            withPort[i] = nameEnd(array[i]) < array[i].length();
        }
        return new HostMatcher(match, array, withPort);
    }

    /**
     * Where the host name ends in a Host header value: before a {@code :port} suffix, after the {@code ]} of an IPv6
     * literal. A bare IPv6 address (several colons, no brackets) has no port to strip.
     */
    static int nameEnd(String host) {
        if (!host.isEmpty() && host.charAt(0) == '[') {
            int close = host.indexOf(']');
            return close < 0 ? host.length() : close + 1;
        }
        int colon = host.indexOf(':');
        return colon >= 0 && colon == host.lastIndexOf(':') ? colon : host.length();
    }

    /**
     * True when the host matches any domain.
     *
     * @param host    the Host header, never null
     * @param nameEnd {@link #nameEnd(String) nameEnd(host)}, computed once per request by the caller
     */
    boolean matches(String host, int nameEnd) {
        for (int i = 0; i < domains.length; i++) {
            if (matchesOne(domains[i], host, withPort[i] ? host.length() : nameEnd)) {
                return true;
            }
        }
        return false;
    }

    private boolean matchesOne(String domain, String host, int hostLength) {
        int length = domain.length();
        return switch (match) {
            case EXACT -> hostLength == length && host.regionMatches(true, 0, domain, 0, length);
            case PREFIX -> hostLength >= length && host.regionMatches(true, 0, domain, 0, length);
            case SUFFIX -> hostLength >= length && host.regionMatches(true, hostLength - length, domain, 0, length);
            case DOMAIN -> hostLength == length
                    ? host.regionMatches(true, 0, domain, 0, length)
                    : hostLength > length
                      && host.charAt(hostLength - length - 1) == '.'
                      && host.regionMatches(true, hostLength - length, domain, 0, length);
        };
    }

    /** {@code hdr_beg example.com www.example.com} in HAProxy notation. */
    String describe() {
        StringBuilder out = new StringBuilder(match.dfpName());
        for (String domain : domains) {
            out.append(' ').append(domain);
        }
        return out.toString();
    }
}
