package dev.swarmgate.upstream;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One backend address of an endpoint group, with what balancing and health decisions need: requests or connections
 * outstanding, the active health verdict (owned by the group's health checker) and the passive state (consecutive
 * connect failures and the back-off deadline until which it is not picked). An endpoint keeps its identity, and so
 * its counters and health, across re-resolutions that keep its address.
 */
public final class Endpoint {

    /** Consecutive connect failures after which a suspect endpoint counts as ejected (logged). */
    static final int EJECT_AFTER = 3;
    /** Exclusion after the first failure; doubles with every further consecutive failure. */
    static final long FIRST_BACKOFF_NANOS = 500_000_000L;
    static final long MAX_BACKOFF_NANOS = 30_000_000_000L;

    private final InetSocketAddress address;
    private final String key;
    private final AtomicInteger outstanding = new AtomicInteger();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder ejections = new LongAdder();
    private volatile boolean healthy = true;
    // Active checking state: touched only by the health checker's single event loop thread.
    private int probeSuccesses;
    private int probeFailures;
    boolean probing;
    // Passive state: written under this endpoint's lock, read without it.
    private volatile int connectFailures;
    private volatile long excludedUntilNanos;

    Endpoint(InetSocketAddress address) {
        this.address = address;
        this.key = address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    public InetSocketAddress address() {
        return address;
    }

    /** A stable text form of the address ({@code ip:port}), the identity consistent hashing places on its ring. */
    public String key() {
        return key;
    }

    /** Requests (HTTP) or connections (TCP) sent to this endpoint and not yet finished. */
    public int outstanding() {
        return outstanding.get();
    }

    /** A request or connection was sent here; pair with exactly one {@link #finished()}. */
    public void started() {
        outstanding.incrementAndGet();
    }

    public void finished() {
        outstanding.decrementAndGet();
    }

    /** Bytes relayed to this endpoint (TCP tunnels), since it was first resolved. */
    public long bytesSent() {
        return bytesSent.sum();
    }

    /** Bytes relayed from this endpoint (TCP tunnels), since it was first resolved. */
    public long bytesReceived() {
        return bytesReceived.sum();
    }

    public void sent(long bytes) {
        bytesSent.add(bytes);
    }

    public void received(long bytes) {
        bytesReceived.add(bytes);
    }

    /** The active health checks' verdict (true until checks say otherwise, and always without checks). */
    public boolean healthy() {
        return healthy;
    }

    /** Whether passive detection ejected it ({@value #EJECT_AFTER}+ consecutive connect failures) for now. */
    public boolean ejected() {
        return connectFailures >= EJECT_AFTER && excludedAt(System.nanoTime());
    }

    /** How many times passive detection ejected it (reached {@value #EJECT_AFTER} consecutive failures). */
    public long ejections() {
        return ejections.sum();
    }

    /** Consecutive failed connects (0 after any success). */
    public int connectFailures() {
        return connectFailures;
    }

    boolean excludedAt(long now) {
        long until = excludedUntilNanos;
        return until != 0 && now - until < 0;
    }

    long excludedUntilNanos() {
        return excludedUntilNanos;
    }

    /** Records a failed connect; returns the new consecutive failure count. */
    synchronized int connectFailed(long now) {
        int failures = connectFailures + 1;
        long backoff = FIRST_BACKOFF_NANOS << Math.min(failures - 1, 16);
        excludedUntilNanos = now + Math.min(backoff, MAX_BACKOFF_NANOS);
        connectFailures = failures;
        if (failures == EJECT_AFTER) {
            ejections.increment();
        }
        return failures;
    }

    /** Records a successful connect; true when that cleared a passive failure state. */
    boolean connectSucceeded() {
        if (connectFailures == 0) {
            return false;
        }
        resetPassive();
        return true;
    }

    synchronized void resetPassive() {
        connectFailures = 0;
        excludedUntilNanos = 0;
    }

    /** Counts one probe result (health checker thread only); true when the health verdict changed. */
    boolean probed(boolean success, int rise, int fall) {
        if (success) {
            probeFailures = 0;
            probeSuccesses++;
            if (!healthy && probeSuccesses >= rise) {
                healthy = true;
                return true;
            }
        } else {
            probeSuccesses = 0;
            probeFailures++;
            if (healthy && probeFailures >= fall) {
                healthy = false;
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return key;
    }
}
