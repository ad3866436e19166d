package dev.swarmgate.config;

import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The stats page (Docker Flow Proxy's {@code STATS_*} variables): whether it is served, at which request target, on
 * which port, and who may see it. {@link #toString()} never shows a password.
 *
 * @param enabled whether the page is served at all (DFP: only when both a user and a password are given)
 * @param uri     the request-target prefix that selects the page ({@code STATS_URI}, default {@code /admin?stats}),
 *                matched as HAProxy's {@code stats uri} is: the start of path and query as received
 * @param port    a port of its own ({@code STATS_PORT} other than 80), which then is the only place the page is
 *                served; empty: the page is served on every HTTP listener
 * @param users   who may see it, in clear text; none with {@code enabled}: anyone ({@code none}/{@code none})
 */
public record StatsSettings(boolean enabled, String uri, OptionalInt port, List<UserCredential> users) {

    /** DFP's default {@code STATS_URI}. */
    public static final String DEFAULT_URI = "/admin?stats";

    /** The realm of the page's {@code WWW-Authenticate} challenge, as DFP's HAProxy configuration named it. */
    public static final String REALM = "Strictly Private";

    /** No stats page (DFP's default: {@code STATS_USER} and {@code STATS_PASS} are empty in its image). */
    public static final StatsSettings OFF = new StatsSettings(false, DEFAULT_URI, OptionalInt.empty(), List.of());

    public StatsSettings {
        users = List.copyOf(users);
        if (uri.isEmpty() || uri.charAt(0) != '/') {
            throw new IllegalArgumentException("the stats URI must start with '/', got " + uri);
        }
        Set<String> names = new HashSet<>();
        for (UserCredential user : users) {
            if (user.hashed()) {
                throw new IllegalArgumentException("stats user " + user.user() + " has a hashed password;"
                        + " the stats page takes a clear-text password");
            }
            if (!names.add(user.user())) {
                throw new IllegalArgumentException("stats user " + user.user() + " is listed twice");
            }
        }
    }

    /** Whether a request needs credentials. */
    public boolean authenticated() {
        return !users.isEmpty();
    }
}
