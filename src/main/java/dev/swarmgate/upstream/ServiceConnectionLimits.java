package dev.swarmgate.upstream;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-service caps on what is in flight to a service's backends ({@code maxConn}), shared by every event loop: an
 * HTTP exchange or a TCP connection holds one slot of its service from its start to its end, so one slow or flooded
 * service cannot take every backend connection and file descriptor of the proxy.
 */
public final class ServiceConnectionLimits {

    private final ConcurrentHashMap<String, AtomicInteger> inUse = new ConcurrentHashMap<>();

    /** Takes a slot of the service; false when {@code max} are taken. A max of 0 means no limit: always true. */
    public boolean tryAcquire(String service, int max) {
        if (max <= 0) {
            return true;
        }
        AtomicInteger count = inUse.computeIfAbsent(service, name -> new AtomicInteger());
        while (true) {
            int now = count.get();
            if (now >= max) {
                return false;
            }
            if (count.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** Gives back a slot taken by {@link #tryAcquire} with a max above 0. */
    public void release(String service) {
        AtomicInteger count = inUse.get(service);
        if (count != null) {
            count.decrementAndGet();
        }
    }

    /** Slots of the service taken now. */
    public int inUse(String service) {
        AtomicInteger count = inUse.get(service);
        return count == null ? 0 : count.get();
    }
}
