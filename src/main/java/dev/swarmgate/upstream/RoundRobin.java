package dev.swarmgate.upstream;

import java.util.concurrent.atomic.AtomicInteger;

/** Each endpoint in turn. */
final class RoundRobin implements LoadBalancer {

    private final AtomicInteger next = new AtomicInteger();

    @Override
    public Endpoint pick(Endpoint[] pickable, long clientHash) {
        return pickable[Math.floorMod(next.getAndIncrement(), pickable.length)];
    }
}
