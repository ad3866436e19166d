package dev.swarmgate.sync;

import java.io.IOException;
import java.time.Duration;

/**
 * Swarmgate's listener feed: a long poll that answers as soon as the listener's list has a version newer than the
 * last one seen, or after {@link #WAIT} with the current list anyway. The first call asks with no wait, so the list
 * arrives at once.
 */
final class FeedSubscription implements ServiceSetSource {

    /** How long the listener may hold a feed request; below the 30 s idle limit common on load balancers. */
    static final Duration WAIT = Duration.ofSeconds(25);

    private final ListenerClient listener;
    private long seen;
    private boolean first = true;

    FeedSubscription(ListenerClient listener) {
        this.listener = listener;
    }

    /**
     * @throws IOException                              the listener failed or answered something else than a list
     * @throws ListenerClient.FeedNotOfferedException   the listener has no feed (a DFSL)
     */
    ServiceSet fetchOrRefuse() throws IOException, InterruptedException, ListenerClient.FeedNotOfferedException {
        ServiceSet set = listener.feed(first ? 0 : seen, first ? Duration.ZERO : WAIT);
        first = false;
        // Adopted even when lower: a restarted listener counts again from its start.
        seen = set.version().orElse(seen);
        return set;
    }

    @Override
    public ServiceSet fetch() throws IOException, InterruptedException {
        try {
            return fetchOrRefuse();
        } catch (ListenerClient.FeedNotOfferedException e) {
            throw new IOException("Swarm listener " + listener.base() + " has no feed", e);
        }
    }

    @Override
    public boolean waitsForChanges() {
        return true;
    }

    @Override
    public String describe() {
        return "feed";
    }
}
