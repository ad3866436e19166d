package dev.swarmgate.config;

import java.util.List;
import java.util.Locale;

/**
 * Which TLS server names (the ClientHello's SNI) a {@code reqMode=sni} destination takes: its patterns, tested with
 * one method, any pattern matching is enough. Docker Flow Proxy spelled this as {@code servicePath} plus an HAProxy
 * {@code pathType} such as {@code req_ssl_sni -i -m beg}; names are compared case-insensitively in every method,
 * since host names are (RFC 4343) and clients send them in lower case anyway.
 *
 * @param method   how a pattern is compared with the server name
 * @param patterns the patterns ({@code servicePath}), at least one
 */
public record ServerNameMatch(Method method, List<String> patterns) {

    public ServerNameMatch {
        patterns = List.copyOf(patterns);
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("a server-name match needs at least one pattern");
        }
    }

    /** The comparison, named after HAProxy's {@code -m} match methods DFP users write. */
    public enum Method {
        /** {@code -m str} or no {@code -m}: the name equals the pattern. */
        EXACT("str"),
        /** {@code -m beg}: the name starts with the pattern. */
        PREFIX("beg"),
        /** {@code -m end}: the name ends with the pattern. */
        SUFFIX("end"),
        /** {@code -m sub}: the name contains the pattern. */
        SUBSTRING("sub"),
        /** {@code -m dom}: the pattern is one or more whole dot-separated labels of the name. */
        DOMAIN("dom"),
        /** {@code -m reg}: the pattern is a regular expression found anywhere in the name. */
        REGEX("reg");

        private final String haproxyName;

        Method(String haproxyName) {
            this.haproxyName = haproxyName;
        }

        /** HAProxy's name of the method, the word after {@code -m}. */
        public String haproxyName() {
            return haproxyName;
        }

        /** The method for an HAProxy {@code -m} word (any case), or null when Swarmgate has none of that name. */
        public static Method fromHaproxyName(String name) {
            String lower = name.toLowerCase(Locale.ROOT);
            for (Method method : values()) {
                if (method.haproxyName.equals(lower)) {
                    return method;
                }
            }
            return null;
        }
    }

    /** As DFP's users wrote it: {@code req_ssl_sni -i -m beg api.,www.}. */
    @Override
    public String toString() {
        return "req_ssl_sni -i -m " + method.haproxyName + " " + String.join(",", patterns);
    }
}
