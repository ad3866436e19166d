package dev.swarmgate.routing;

import java.util.List;

/**
 * What one service compiles to on the HTTP side: its redirects that run before routing, its rules in destination
 * order, and the route it offers as the default backend ({@code isDefaultBackend}: its first HTTP destination unless
 * that is an HTTPS entry), null when it offers none.
 */
record ServiceRoutes(List<PreRoutingRedirect> redirects, List<Rule> rules, Route defaultRoute) {
}
