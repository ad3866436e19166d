package dev.swarmgate.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The most client connections all proxy listeners hold at once, derived from the process's file-descriptor limit
 * ({@code ulimit -n}) so that the data plane can never take the last descriptors: a client connection costs two (the
 * client's and its backend's), and a reserve stays free for the admin API, the state file, health checks and the
 * JVM. Without it, a flood of clients (or a backend that loops back into the proxy) ran the process into EMFILE, and
 * then every accept failed, the admin API's too, until connections closed.
 *
 * <p>A client beyond the cap is accepted and closed at once, on the accepting thread before it is handed to a worker
 * (a burst of accepts would otherwise outrun the workers), and a WARN says so at most every 10 seconds.
 */
final class ConnectionCap {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionCap.class);
    private static final long REPORT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** File descriptors one client connection costs: its own socket and its backend's. */
    private static final int DESCRIPTORS_PER_CONNECTION = 2;

    private final int cap;
    private final long limit;
    private final long reserve;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong refusedSinceReport = new AtomicLong();
    private final AtomicLong lastReport = new AtomicLong(System.nanoTime() - REPORT_INTERVAL_NANOS);
    private final Gate gate = new Gate();

    private ConnectionCap(int cap, long limit, long reserve) {
        this.cap = cap;
        this.limit = limit;
        this.reserve = reserve;
    }

    /**
     * From this process's limit and the descriptors it already holds: the reserve is a sixteenth of the limit, at
     * least 128 and at most half of it, on top of what is open now. Unbounded where the JVM cannot tell the limit.
     */
    static ConnectionCap fromFileDescriptorLimit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (!(os instanceof com.sun.management.UnixOperatingSystemMXBean unix)
                || unix.getMaxFileDescriptorCount() <= 0) {
            return new ConnectionCap(Integer.MAX_VALUE, -1, 0);
        }
        return of(unix.getMaxFileDescriptorCount(), unix.getOpenFileDescriptorCount());
    }

    static ConnectionCap of(long limit, long openNow) {
        long reserve = Math.min(limit / 2, Math.max(128, limit / 16));
        long connections = (limit - openNow - reserve) / DESCRIPTORS_PER_CONNECTION;
        return new ConnectionCap((int) Math.clamp(connections, 1, Integer.MAX_VALUE), limit, reserve);
    }

    int cap() {
        return cap;
    }

    /** How the cap came about, for the start-up log line. */
    String describe() {
        return limit < 0 ? "no connection cap (the file-descriptor limit is unknown here)"
                : "at most " + cap + " client connections at once (connection cap: ulimit -n " + limit + ", "
                + reserve + " descriptors kept in reserve)";
    }

    /**
     * Counts an accepted client until it closes, or refuses it (the caller closes it) when the cap is reached.
     */
    boolean admit(Channel client) {
        if (open.incrementAndGet() > cap) {
            open.decrementAndGet();
            refused();
            return false;
        }
        client.closeFuture().addListener(closed -> open.decrementAndGet());
        return true;
    }

    /** The handler of a listener's server channel that admits each accepted client or closes it at once. */
    ChannelHandler gate() {
        return gate;
    }

    int open() {
        return open.get();
    }

    private void refused() {
        long refused = refusedSinceReport.incrementAndGet();
        long now = System.nanoTime();
        long last = lastReport.get();
        if (now - last >= REPORT_INTERVAL_NANOS && lastReport.compareAndSet(last, now)) {
            refusedSinceReport.addAndGet(-refused);
            LOG.warn("Data plane at its connection cap of {} client connections (ulimit -n {}, {} descriptors kept"
                    + " in reserve for the admin API): closed {} new connection(s) since the last report. Raise the"
                    + " file-descriptor limit (docker service create --ulimit nofile=<n>:<n>) to serve more.",
                    cap, limit, reserve, refused);
        }
    }

    /** Sits before Netty's acceptor in every listener's server pipeline: the child is not registered yet. */
    @ChannelHandler.Sharable
    private final class Gate extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Channel client && !admit(client)) {
                client.unsafe().closeForcibly();
                return;
            }
            ctx.fireChannelRead(msg);
        }
    }
}
