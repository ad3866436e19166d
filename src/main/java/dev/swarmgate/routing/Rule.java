package dev.swarmgate.routing;

/**
 * One compiled HTTP destination: the conditions a request must meet (listener port, paths, excluded paths, Host)
 * and the route it takes when it does.
 *
 * @param srcPort  the listener port it is bound to, 0 for every HTTP listener
 * @param excludes null when the destination excludes no path
 * @param hosts    null when the destination names no domain (any Host, or none, matches)
 */
record Rule(int srcPort, PathMatcher paths, PathMatcher excludes, HostMatcher hosts, Route route) {

    boolean appliesTo(int listenerPort) {
        return srcPort == 0 || srcPort == listenerPort;
    }

    /**
     * Whether a request matches; {@code nameEnd} is where the Host's name ends (see {@link HostMatcher#nameEnd}),
     * ignored when {@code host} is null.
     */
    boolean matches(String host, int nameEnd, String path) {
        if (!paths.matches(path)) {
            return false;
        }
        if (excludes != null && excludes.matches(path)) {
            return false;
        }
        return hosts == null || host != null && hosts.matches(host, nameEnd);
    }

    /** {@code go-demo-be8080_0  path_beg /demo  host hdr_beg example.com  -> go-demo:8080}. */
    String describe() {
        StringBuilder out = new StringBuilder(route.backendName());
        if (srcPort != 0) {
            out.append("  dst_port ").append(srcPort);
        }
        out.append("  ").append(paths.describe(false));
        if (excludes != null) {
            out.append("  ").append(excludes.describe(true));
        }
        if (hosts != null) {
            out.append("  host ").append(hosts.describe());
        }
        return out.append("  -> ").append(route.target()).toString();
    }
}
