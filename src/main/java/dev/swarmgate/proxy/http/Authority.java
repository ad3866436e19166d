package dev.swarmgate.proxy.http;

/**
 * The {@code host[:port]} of a {@code Host} header or an absolute-form request target (RFC 3986 §3.2.2, §3.2.3):
 * a registered name, an IPv4 address or a bracketed IP literal, then an optional decimal port up to 65535.
 */
final class Authority {

    private Authority() {
    }

    static boolean isValid(String authority) {
        int hostEnd;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 2 || !isIpLiteral(authority, 1, close)) {
                return false;
            }
            hostEnd = close + 1;
            if (hostEnd < authority.length() && authority.charAt(hostEnd) != ':') {
                return false;
            }
        } else {
            int colon = authority.indexOf(':');
            hostEnd = colon < 0 ? authority.length() : colon;
            if (hostEnd == 0 || !isRegName(authority, hostEnd)) {
                return false;
            }
        }
        return hostEnd == authority.length() || isPort(authority, hostEnd + 1);
    }

    private static boolean isRegName(String text, int end) {
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            boolean unreserved = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~';
            boolean subDelim = "!$&'()*+,;=".indexOf(c) >= 0;
            if (!unreserved && !subDelim && c != '%') {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpLiteral(String text, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            boolean hex = c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
            if (!hex && c != ':' && c != '.') {
                return false;
            }
        }
        return true;
    }

    private static boolean isPort(String text, int start) {
        int length = text.length() - start;
        if (length < 1 || length > 5) {
            return false;
        }
        int port = 0;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            port = port * 10 + (c - '0');
        }
        return port <= 65535;
    }
}
