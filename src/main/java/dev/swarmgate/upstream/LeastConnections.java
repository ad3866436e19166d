package dev.swarmgate.upstream;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The endpoint with the fewest outstanding requests or connections; the scan starts at a rotating position so that
 * ties spread round robin instead of all landing on the first endpoint.
 */
final class LeastConnections implements LoadBalancer {

    private final AtomicInteger start = new AtomicInteger();

    @Override
    public Endpoint pick(Endpoint[] pickable, long clientHash) {
        int n = pickable.length;
        int offset = Math.floorMod(start.getAndIncrement(), n);
        Endpoint best = pickable[offset];
        int least = best.outstanding();
        for (int i = 1; i < n && least > 0; i++) {
            Endpoint candidate = pickable[(offset + i) % n];
            int outstanding = candidate.outstanding();
            if (outstanding < least) {
                best = candidate;
                least = outstanding;
            }
        }
        return best;
    }
}
