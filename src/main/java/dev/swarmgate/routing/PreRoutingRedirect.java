package dev.swarmgate.routing;

import dev.swarmgate.routing.rules.LocalReply;
import dev.swarmgate.routing.rules.RequestView;

/**
 * A redirect DFP writes into the frontend ({@code http-request redirect}), where it runs before any
 * {@code use_backend}: it can answer a request whatever route the request would otherwise take.
 */
interface PreRoutingRedirect {

    /** Whether it is checked on this listener port. */
    boolean appliesTo(int listenerPort);

    /**
     * The redirect for this request, or null.
     *
     * @param host    the Host header (may be null)
     * @param nameEnd where the Host's name ends ({@link HostMatcher#nameEnd}), ignored when {@code host} is null
     * @param path    the path without the query string
     */
    LocalReply apply(String host, int nameEnd, String path, RequestView request);

    /** One line for {@link RouteTable#describe()}. */
    String describe();
}
