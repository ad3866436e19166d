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
        this(rules, defaultRoute, redirects, null);
    }

    /**
     * A table that shares {@code sibling}'s index when both have the same rules, the same objects in the same order:
     * the usual case for the listeners of one configuration (80 and 443), whose indexes were each 7 % of a
     * reconfigure at 10,000 services. {@code sibling} may be null.
     */
    RouteTable(Rule[] rules, Route defaultRoute, PreRoutingRedirect[] redirects, RouteTable sibling) {
        this.rules = rules;
        this.index = sibling != null && sameRules(sibling.rules, rules) ? sibling.index : RuleIndex.of(rules);
        this.defaultRoute = defaultRoute;
        this.redirects = redirects;
    }

    /** For the tests: whether two tables share their index. */
    RuleIndex index() {
        return index;
    }

    private static boolean sameRules(Rule[] a, Rule[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        return true;
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
