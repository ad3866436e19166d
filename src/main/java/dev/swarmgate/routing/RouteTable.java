package dev.swarmgate.routing;

import dev.swarmgate.routing.rules.LocalReply;
import dev.swarmgate.routing.rules.RequestView;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The compiled, immutable HTTP rules of one listener port in Docker Flow Proxy order, plus the default route.
 * The first rule that matches wins; the {@link RuleIndex} finds it without trying every rule, and matching allocates
 * nothing unless a rule uses a regex.
 */
public final class RouteTable {

    public static final RouteTable EMPTY = new RouteTable(new Rule[0], null, new PreRoutingRedirect[0]);

    private final Rule[] rules;
    private final RuleIndex index;
    private final Route defaultRoute;
    private final PreRoutingRedirect[] redirects;

    RouteTable(Rule[] rules, Route defaultRoute, PreRoutingRedirect[] redirects) {
        this.rules = rules;
        this.index = RuleIndex.of(rules);
        this.defaultRoute = defaultRoute;
        this.redirects = redirects;
    }

    /**
     * The reply a request gets before any routing ({@code redirectFromDomain}, {@code redirectWhenHttpProto},
     * {@code redirectUnlessHttpsProto}, in DFP rule order), or null when it is routed.
     */
    public LocalReply redirectBeforeRouting(RequestView request) {
        if (redirects.length == 0) {
            return null;
        }
        String host = request.header("Host");
        int nameEnd = host == null ? 0 : HostMatcher.nameEnd(host);
        String path = request.path();
        for (PreRoutingRedirect redirect : redirects) {
            LocalReply reply = redirect.apply(host, nameEnd, path, request);
            if (reply != null) {
                return reply;
            }
        }
        return null;
    }

    /**
     * Finds the route for a request, or null when nothing matches (a 503).
     *
     * @param host    the Host header as received (may carry a port, may be null)
     * @param path    the request path without the query string
     * @param request the request, for rules with header conditions
     */
    public Route match(String host, String path, RequestView request) {
        String safePath = path == null ? "" : path;
        int nameEnd = host == null ? 0 : HostMatcher.nameEnd(host);
        int first = index.firstMatch(rules, host, nameEnd, safePath, request);
        return first < rules.length ? rules[first].route() : defaultRoute;
    }

    /**
     * {@link #match(String, String, RequestView)} for a request that has no headers beside Host: rules with header
     * conditions ({@code serviceHeader}, {@code userAgent}) never match it.
     */
    public Route match(String host, String path) {
        return match(host, path, null);
    }

    /** The route unmatched requests take ({@code isDefaultBackend}), or null when they get a 503. */
    public Route defaultRoute() {
        return defaultRoute;
    }

    /** The routes of the rules in the order they are tried (the default route not included). */
    public List<Route> routes() {
        List<Route> routes = new ArrayList<>(rules.length);
        for (Rule rule : rules) {
            routes.add(rule.route());
        }
        return Collections.unmodifiableList(routes);
    }

    /**
     * A readable dump: the redirects run before routing, one line per rule in the order they are tried, then the
     * default route if any:
     * {@code go-demo-be8080_0  path_beg /demo  host hdr_beg example.com  -> go-demo:8080}.
     */
    public List<String> describe() {
        List<String> lines = new ArrayList<>(redirects.length + rules.length + 1);
        for (PreRoutingRedirect redirect : redirects) {
            lines.add(redirect.describe());
        }
        for (Rule rule : rules) {
            lines.add(rule.describe());
        }
        if (defaultRoute != null) {
            lines.add("default_backend " + defaultRoute.backendName() + "  -> " + defaultRoute.target());
        }
        return Collections.unmodifiableList(lines);
    }

    @Override
    public String toString() {
        return String.join("\n", describe());
    }
}
