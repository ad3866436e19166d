package dev.swarmgate.config.dfp;

import dev.swarmgate.config.HeaderEdit.Action;
import dev.swarmgate.config.HeaderEdit.Direction;

import java.util.Locale;
import java.util.Set;

/**
 * Which header names a header edit may use: an RFC 9110 token, and not one the proxy owns. Framing headers
 * ({@code Content-Length}, {@code Transfer-Encoding}) decide where a message ends, so an edit could make the proxy
 * and the next hop disagree about it (request smuggling); hop-by-hop headers ({@code Connection}, {@code Upgrade},
 * ...) belong to one connection and the proxy writes its own. {@code Host} may be set on requests (a backend that
 * expects another virtual host) but not added (two Hosts are a 400 for any server) or deleted (HTTP/1.1 requires it).
 */
final class HeaderNames {

    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

    private static final Set<String> OWNED_BY_THE_PROXY = Set.of(
            "content-length", "transfer-encoding", "connection", "keep-alive", "proxy-connection", "te", "trailer",
            "upgrade");

    private HeaderNames() {
    }

    static boolean isToken(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean allowed = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || TOKEN_SYMBOLS.indexOf(c) >= 0;
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    /** The start of {@code name} up to its first character a header name cannot hold. */
    static String validPrefix(String name) {
        int end = 0;
        while (end < name.length() && isToken(name.substring(end, end + 1))) {
            end++;
        }
        return name.substring(0, end);
    }

    /** Why the edit may not touch this header, or null when it may. */
    static String refusal(String name, Direction direction, Action action) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (OWNED_BY_THE_PROXY.contains(lower)) {
            return name + " is a framing or hop-by-hop header the proxy writes itself; editing it could make the"
                    + " proxy and the " + (direction == Direction.REQUEST ? "backend" : "client")
                    + " disagree on where a message ends (request smuggling)";
        }
        if (direction == Direction.REQUEST && lower.equals("host") && action != Action.SET) {
            return action == Action.ADD
                    ? "adding a second Host makes the request invalid; use setReqHeader=Host <name> to replace it"
                    : "an HTTP/1.1 request must carry a Host; use setReqHeader=Host <name> to replace it";
        }
        if (direction == Direction.REQUEST && lower.equals("expect")) {
            return "the proxy answers Expect: 100-continue itself and does not forward it";
        }
        return null;
    }
}
