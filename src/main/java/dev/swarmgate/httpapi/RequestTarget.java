package dev.swarmgate.httpapi;

import io.netty.handler.codec.http.QueryStringDecoder;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A control-plane request's path and decoded query, read as Netty's {@link QueryStringDecoder} reads them (pairs
 * split on {@code &} and {@code ;}, {@code +} is a space in the query) except that a malformed {@code %}-escape is
 * refused up front. The decoder's own error quotes the whole URI, and admin queries carry passwords; this one names
 * the parameter and the three characters of the bad escape, never a value.
 *
 * @param path     decoded path
 * @param rawQuery the query as received, without {@code ?}
 */
public record RequestTarget(String path, String rawQuery, Map<String, List<String>> parameters) {

    public RequestTarget {
        // In the order received: a request passed on (distribute=true) keeps its parameters' order.
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** @throws MalformedTargetException naming where a {@code %} is not followed by two hex digits */
    public static RequestTarget parse(String uri) {
        int pathEnd = indexOfAny(uri, "?#", 0);
        String rawPath = uri.substring(0, pathEnd);
        checkEscapes(rawPath, "path");
        if (pathEnd < uri.length() && uri.charAt(pathEnd) == '?') {
            int queryEnd = indexOfAny(uri, "#", pathEnd + 1);
            checkQuery(uri.substring(pathEnd + 1, queryEnd));
        }
        QueryStringDecoder decoder = new QueryStringDecoder(uri);
        return new RequestTarget(decoder.path(), decoder.rawQuery(), decoder.parameters());
    }

    /** The path of a request target as received, without its query, for a log line that must not hold values. */
    public static String rawPathOf(String uri) {
        return uri.substring(0, indexOfAny(uri, "?#", 0));
    }

    private static void checkQuery(String query) {
        for (String pair : query.split("[&;]")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            checkEscapes(name, "a query parameter name");
            if (equals >= 0) {
                checkEscapes(pair.substring(equals + 1),
                        "query parameter " + QueryStringDecoder.decodeComponent(name));
            }
        }
    }

    private static void checkEscapes(String text, String where) {
        for (int i = text.indexOf('%'); i >= 0; i = text.indexOf('%', i + 1)) {
            if (i + 2 >= text.length() || !isHex(text.charAt(i + 1)) || !isHex(text.charAt(i + 2))) {
                String escape = text.substring(i, Math.min(i + 3, text.length()));
                throw new MalformedTargetException(where + ": malformed %-escape '" + escape
                        + "' (a % must be followed by two hex digits; send a literal % as %25)");
            }
            i += 2;
        }
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static int indexOfAny(String text, String chars, int from) {
        for (int i = from; i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return text.length();
    }
}
