package dev.swarmgate.proxy.http;

/**
 * An absolute-form request target ({@code http://authority/path?query}, RFC 9112 §3.2.2) taken apart: the authority
 * that stands for {@code Host}, and the origin form the backend is sent.
 */
record AbsoluteTarget(String authority, String pathAndQuery) {

    /** The parts of an absolute-form target, or null when it is not one with a valid authority. */
    static AbsoluteTarget parse(String uri) {
        int scheme = uri.indexOf("://");
        if (scheme <= 0 || !isScheme(uri, scheme)) {
            return null;
        }
        int authorityStart = scheme + 3;
        int end = authorityStart;
        while (end < uri.length() && uri.charAt(end) != '/' && uri.charAt(end) != '?') {
            end++;
        }
        String authority = uri.substring(authorityStart, end);
        if (!Authority.isValid(authority)) {
            return null; // also refuses user info ("user@host"), which has no place in a request
        }
        String rest = uri.substring(end);
        return new AbsoluteTarget(authority, rest.isEmpty() || rest.charAt(0) == '?' ? "/" + rest : rest);
    }

    private static boolean isScheme(String uri, int end) {
        String scheme = uri.substring(0, end);
        return scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https");
    }
}
