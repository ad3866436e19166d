package dev.swarmgate.upstream;

import java.util.concurrent.ThreadLocalRandom;

/** A uniformly random endpoint. */
final class RandomChoice implements LoadBalancer {

    @Override
    public Endpoint pick(Endpoint[] pickable, long clientHash) {
        return pickable[ThreadLocalRandom.current().nextInt(pickable.length)];
    }
}
