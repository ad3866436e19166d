package dev.swarmgate.proxy.http;

import dev.swarmgate.routing.rules.LocalReply;

/**
 * The stats page, which the proxy answers itself on its HTTP listeners ahead of routing, redirects and rules (Docker
 * Flow Proxy's {@code STATS_URI}). The data plane owns this interface so it never reaches into the admin code that
 * implements it (wired in cli). Both methods run on an event loop for requests that arrive there: {@link #claims} is
 * asked about every request, so it must be a cheap test, and {@link #answer} must not block (it hands out what was
 * prepared off the loop).
 */
public interface StatsPage {

    /** No stats page: every request is routed. */
    StatsPage OFF = new StatsPage() {
        @Override
        public boolean claims(String uri) {
            return false;
        }

        @Override
        public LocalReply answer(String method, String uri, String authorization) {
            throw new IllegalStateException("no stats page is served");
        }
    };

    /** Whether the request target (path and query as received, origin form) is the page's, not a service's. */
    boolean claims(String uri);

    /**
     * The reply to a claimed request: the page, its data, or a 401 challenge.
     *
     * @param authorization the {@code Authorization} header, "" when there is none
     */
    LocalReply answer(String method, String uri, String authorization);
}
