package dev.swarmgate.routing;

import dev.swarmgate.routing.rules.RequestView;

/**
 * One compiled HTTP destination: the conditions a request must meet (listener port, paths, excluded paths, Host,
 * header conditions) and the route it takes when it does.
 *
 * @param srcPort    the listener port it is bound to, 0 for every HTTP listener
 * @param excludes   null when the destination excludes no path
 * @param hosts      null when the destination names no domain (any Host, or none, matches)
 * @param conditions null when the destination has no {@code serviceHeader} nor {@code userAgent}
 */
record Rule(int srcPort, PathMatcher paths, PathMatcher excludes, HostMatcher hosts, HeaderConditions conditions,
            Route route) {

    boolean appliesTo(int listenerPort) {
        return srcPort == 0 || srcPort == listenerPort;
    }

    /**
     * Whether a request matches; {@code nameEnd} is where the Host's name ends (see {@link HostMatcher#nameEnd}),
     * ignored when {@code host} is null; {@code request} may be null (then header conditions fail).
     */
    boolean matches(String host, int nameEnd, String path, RequestView request) {
        if (!paths.matches(path)) {
            return false;
        }
        if (excludes != null && excludes.matches(path)) {
            return false;
        }
        if (hosts != null && (host == null || !hosts.matches(host, nameEnd))) {
            return false;
        }
        return conditions == null || conditions.matches(request);
    }

    /**
     * {@code go-demo-be8080_0  path_beg /demo  host hdr_beg example.com  -> go-demo:8080}, with HAProxy's
     * {@code ssl verify none} after the target when the route speaks TLS to it.
     */
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
        if (conditions != null) {
            out.append("  ").append(conditions.describe());
        }
        out.append("  -> ").append(route.target());
        if (route.backendTls().encrypted()) {
            out.append(" ssl verify none");
        }
        return out.toString();
    }
}
