package dev.swarmgate.proxy.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

import java.util.List;

/**
 * The sticky-session cookie on the wire, as HAProxy's {@code cookie <name> insert indirect nocache} handles it: taken
 * out of the request before it is forwarded (the backend never sees it), and set on a response together with a
 * {@code Cache-Control} that keeps shared caches from handing one client's cookie to others. Other cookies pass
 * through byte for byte.
 */
final class StickyCookie {

    static final String CACHE_CONTROL = "no-cache=\"set-cookie\"";

    private StickyCookie() {
    }

    /**
     * Removes every {@code name=...} pair from the request's {@code Cookie} headers and returns the first one's value
     * (null when there is none). The headers are rewritten only when the cookie was present.
     */
    static String take(HttpHeaders headers, String name) {
        List<String> values = headers.getAll(HttpHeaderNames.COOKIE);
        if (values.isEmpty()) {
            return null;
        }
        String found = null;
        boolean present = false;
        StringBuilder kept = new StringBuilder();
        for (String header : values) {
            int start = 0;
            while (start <= header.length()) {
                int end = header.indexOf(';', start);
                if (end < 0) {
                    end = header.length();
                }
                String pair = header.substring(start, end).strip();
                start = end + 1;
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String pairName = (eq < 0 ? pair : pair.substring(0, eq)).strip();
                if (pairName.equals(name)) {
                    if (!present) {
                        present = true;
                        found = eq < 0 ? "" : unquote(pair.substring(eq + 1).strip());
                    }
                    continue;
                }
                if (!kept.isEmpty()) {
                    kept.append("; ");
                }
                kept.append(pair);
            }
        }
        if (present) {
            headers.remove(HttpHeaderNames.COOKIE);
            if (!kept.isEmpty()) {
                headers.set(HttpHeaderNames.COOKIE, kept.toString());
            }
        }
        return found;
    }

    /** Adds {@code Set-Cookie: <name>=<id>; Path=/; HttpOnly} and marks the response uncacheable for that header. */
    static void set(HttpHeaders headers, String name, String id) {
        headers.add(HttpHeaderNames.SET_COOKIE, name + "=" + id + "; Path=/; HttpOnly");
        headers.add(HttpHeaderNames.CACHE_CONTROL, CACHE_CONTROL);
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"'
                ? value.substring(1, value.length() - 1) : value;
    }
}
