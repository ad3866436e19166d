package dev.swarmgate.server;

import dev.swarmgate.logging.RateLimitedWarning;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * How many client connections all proxy listeners hold at once, with two thresholds checked on the accepting thread
 * before a client reaches a worker (a burst of accepts would otherwise outrun the workers):
 * <ul>
 *   <li>{@code MAXCONN} (from the current snapshot): a client over it is still taken, but only to be answered 503
 *       (HTTP) or closed (TCP) by its listener, politely;</li>
 *   <li>the descriptor cap, derived from the process's file-descriptor limit ({@code ulimit -n}) so that the data
 *       plane can never take the last descriptors: a client connection costs two (the client's and its backend's),
 *       and a reserve stays free for the admin API, the state file, health checks and the JVM. A client over it is
 *       closed at once. Without it, a flood of clients (or a backend that loops back into the proxy) ran the process
 *       into EMFILE, and then every accept failed, the admin API's too;</li>
 *   <li>the heap cap, derived from the JVM's maximum heap ({@code -Xmx}): an idle keep-alive client holds 3.2 KB of
 *       heap (its channel, pipeline, codec and timer; measured, docs/benchmarks.md "Issue 11: memory"), so a flood of
 *       clients would otherwise end in an OutOfMemoryError rather than in refusals. It is the lower of the two caps,
 *       the one enforced, that the start-up line and the WARN name. Over it a client is closed at once too.</li>
 * </ul>
 * Both kinds of refusal (over {@code MAXCONN}, over the cap) are reported by a WARN at most every 10 seconds.
 */
final class ConnectionCap {

    /** What becomes of an accepted client. */
    enum Admission {
        /** Served. */
        ADMIT,
        /** Over {@code MAXCONN}: answered 503 (HTTP) or closed (TCP) by its listener. */
        REFUSE,
        /** Over the descriptor cap: closed at once, before it reaches a worker. */
        DROP
    }

    /** Marks an accepted client the listener must refuse (over {@code MAXCONN}). */
    static final AttributeKey<Boolean> OVER_MAXCONN = AttributeKey.valueOf(ConnectionCap.class, "overMaxconn");

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionCap.class);
    /** File descriptors one client connection costs: its own socket and its backend's. */
    private static final int DESCRIPTORS_PER_CONNECTION = 2;
    /** Heap one client connection may hold: 3.2 KB measured idle after a request, rounded up for one in use. */
    static final long HEAP_PER_CONNECTION = 4 * 1024;
    /** Heap kept for everything else: the configuration, the route table, requests in flight, the admin API. */
    static final long HEAP_RESERVE = 32L * 1024 * 1024;

    private final int cap;
    private final String bound;
    private final IntSupplier maxConnections;
    private final AtomicInteger open = new AtomicInteger();
    private final RateLimitedWarning dropped;
    private final RateLimitedWarning refused;
    private final Gate gate = new Gate();

    private ConnectionCap(int cap, String bound, String remedy, IntSupplier maxConnections) {
        this.cap = cap;
        this.bound = bound;
        this.maxConnections = maxConnections;
        this.dropped = new RateLimitedWarning(LOG, count -> "Data plane at its connection cap of " + cap
                + " client connections (" + bound + "): closed " + count + " new connection(s) since the last"
                + " report. " + remedy);
        this.refused = new RateLimitedWarning(LOG, count -> "MAXCONN=" + maxConnections.getAsInt()
                + " client connections are open: refused " + count + " new connection(s) since the last report"
                + " (503 or closed); raise MAXCONN if the load is expected.");
    }

    /**
     * From this process's limit and the descriptors it already holds, and from the JVM's maximum heap; the lower
     * cap applies. The descriptor reserve is a sixteenth of the limit, at least 128 and at most half of it, on top of
     * what is open now; the heap cap is what {@link #HEAP_RESERVE} (at most half) leaves of the maximum heap, at
     * {@link #HEAP_PER_CONNECTION} a connection. Either is unbounded where the JVM cannot tell it.
     *
     * @param maxConnections {@code MAXCONN}, read at every accept
     */
    static ConnectionCap fromLimits(IntSupplier maxConnections) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        long maxHeap = Runtime.getRuntime().maxMemory();
        if (!(os instanceof com.sun.management.UnixOperatingSystemMXBean unix)
                || unix.getMaxFileDescriptorCount() <= 0) {
            return of(-1, 0, maxHeap, maxConnections);
        }
        return of(unix.getMaxFileDescriptorCount(), unix.getOpenFileDescriptorCount(), maxHeap, maxConnections);
    }

    /**
     * @param limit   the file-descriptor limit, negative when unknown
     * @param openNow descriptors open now
     * @param maxHeap the JVM's maximum heap in bytes, {@link Long#MAX_VALUE} when unbounded
     */
    static ConnectionCap of(long limit, long openNow, long maxHeap, IntSupplier maxConnections) {
        long byDescriptors = Long.MAX_VALUE;
        String descriptorBound = "the file-descriptor limit is unknown here";
        if (limit >= 0) {
            long reserve = Math.min(limit / 2, Math.max(128, limit / 16));
            byDescriptors = (limit - openNow - reserve) / DESCRIPTORS_PER_CONNECTION;
            descriptorBound = "descriptor cap: ulimit -n " + limit + ", " + reserve + " descriptors kept in reserve";
        }
        long heapReserve = Math.min(HEAP_RESERVE, maxHeap / 2);
        long byHeap = maxHeap == Long.MAX_VALUE ? Long.MAX_VALUE : (maxHeap - heapReserve) / HEAP_PER_CONNECTION;
        if (byHeap < byDescriptors) {
            return new ConnectionCap(clamp(byHeap), "heap cap: " + (maxHeap >> 20) + " MB of heap at most, "
                    + (heapReserve >> 20) + " MB of it kept for the rest, " + HEAP_PER_CONNECTION + " bytes a connection",
                    "Raise the heap (SWARMGATE_JAVA_OPTS or the image's JDK_JAVA_OPTIONS: -Xmx<size>) to serve more.",
                    maxConnections);
        }
        if (byDescriptors == Long.MAX_VALUE) {
            return new ConnectionCap(Integer.MAX_VALUE, descriptorBound, "", maxConnections);
        }
        return new ConnectionCap(clamp(byDescriptors), descriptorBound, "Raise the file-descriptor limit"
                + " (docker service create --ulimit nofile=<n>:<n>) to serve more.", maxConnections);
    }

    private static int clamp(long connections) {
        return (int) Math.clamp(connections, 1, Integer.MAX_VALUE);
    }

    int cap() {
        return cap;
    }

    /** How the cap came about, for the start-up log line. */
    String describe() {
        return cap == Integer.MAX_VALUE ? "no connection cap (" + bound + ", and the heap is unbounded)"
                : "at most " + cap + " client connections at once (" + bound + ")";
    }

    /**
     * Counts an accepted client until it closes (a refused one too, while its answer goes out), or drops it (the
     * caller closes it) over the descriptor cap.
     */
    Admission admit(Channel client) {
        int now = open.incrementAndGet();
        if (now > cap) {
            open.decrementAndGet();
            dropped.record();
            return Admission.DROP;
        }
        client.closeFuture().addListener(closed -> open.decrementAndGet());
        if (now > maxConnections.getAsInt()) {
            refused.record();
            return Admission.REFUSE;
        }
        return Admission.ADMIT;
    }

    /** The handler of a listener's server channel that admits, marks or drops each accepted client. */
    ChannelHandler gate() {
        return gate;
    }

    int open() {
        return open.get();
    }

    /** Sits before Netty's acceptor in every listener's server pipeline: the child is not registered yet. */
    @ChannelHandler.Sharable
    private final class Gate extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Channel client) {
                switch (admit(client)) {
                    case DROP -> {
                        client.unsafe().closeForcibly();
                        return;
                    }
                    case REFUSE -> client.attr(OVER_MAXCONN).set(Boolean.TRUE);
                    case ADMIT -> { }
                }
            }
            ctx.fireChannelRead(msg);
        }
    }
}
