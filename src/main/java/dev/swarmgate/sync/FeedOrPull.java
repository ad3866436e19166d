package dev.swarmgate.sync;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * Subscribes to a listener's Swarmgate feed, and pulls DFSL's {@code get-services} instead, from then on, when the
 * listener answers the feed with 404 (a Docker Flow Swarm Listener). The choice is made once per listener.
 */
final class FeedOrPull implements ServiceSetSource {

    private static final Logger LOG = LoggerFactory.getLogger(FeedOrPull.class);

    private final ListenerClient listener;
    private final FeedSubscription feed;
    private final GetServicesPull pull;
    private volatile ServiceSetSource current;

    FeedOrPull(ListenerClient listener, FeedSubscription feed) {
        this.listener = listener;
        this.feed = feed;
        this.pull = new GetServicesPull(listener);
        this.current = feed;
    }

    @Override
    public ServiceSet fetch() throws IOException, InterruptedException {
        if (current == feed) {
            try {
                return feed.fetchOrRefuse();
            } catch (ListenerClient.FeedNotOfferedException e) {
                LOG.info("Swarm listener {} has no Swarmgate feed (it answered 404): pulling {} instead",
                        listener.base(), ListenerClient.GET_SERVICES);
                current = pull;
            }
        }
        return pull.fetch();
    }

    @Override
    public boolean waitsForChanges() {
        return current.waitsForChanges();
    }

    @Override
    public String describe() {
        return current.describe();
    }
}
