package dev.swarmgate.routing;

/** Stub: the compiled, ordered HTTP rules of one listener port. Replaced by the routing work. */
public final class RouteTable {

    public static final RouteTable EMPTY = new RouteTable();

    /**
     * Finds the route for a request, or null when nothing matches (a 503).
     *
     * @param host the Host header as received (may carry a port, may be null)
     * @param path the request path without the query string
     */
    public Route match(String host, String path) {
        return null;
    }
}
