package dev.swarmgate.upstream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.AttributeKey;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The proxy's own backend connections (HTTP and TCP) while they are open, by their pair of ports. An accepted client that is one of
 * them seen from the other end (its port is one of ours, the port it reached is the one ours connected to, and it
 * comes from this host) is this proxy connected to itself: its backend resolved to one of its own listeners through
 * a name or address the configuration could not recognise, and forwarding it would connect again, endlessly.
 *
 * <p>Only backend connections to an address of this host are recorded (a loop must reach this host), and ports,
 * not addresses, are compared, because the two ends may report the same connection's address differently (NAT,
 * container network stacks). A same-host client whose ports coincide with a recorded connection's would be refused;
 * that needs a backend on this host and an ephemeral port reused across destinations, so it is rare, and the client
 * can retry.
 */
public final class OwnConnections {

    private static final AttributeKey<Boolean> RECORDED = AttributeKey.valueOf(OwnConnections.class, "recorded");

    /** (local port << 16 | remote port) of open backend connections, with how many share the pair. */
    private final ConcurrentHashMap<Integer, Integer> portPairs = new ConcurrentHashMap<>();
    private final Recorder recorder = new Recorder();
    private final HostAddresses hostAddresses;

    /** @param refresher where this host's interface addresses are listed again, never an event loop */
    public OwnConnections(ScheduledExecutorService refresher) {
        this.hostAddresses = new HostAddresses(refresher);
    }

    /** The handler that records a backend channel as soon as its connect is under way. */
    public ChannelHandler recorder() {
        return recorder;
    }

    /** Whether an accepted client channel is one of our own backend connections, seen from the listener's side. */
    public boolean isOwn(Channel accepted) {
        if (portPairs.isEmpty() || !(accepted.remoteAddress() instanceof InetSocketAddress peer)
                || !(accepted.localAddress() instanceof InetSocketAddress reached)) {
            return false;
        }
        return portPairs.containsKey(pair(peer.getPort(), reached.getPort()))
                && isThisHost(peer.getAddress(), reached.getAddress());
    }

    /**
     * Records {@code backend}, connecting to {@code remote}, until it closes, if {@code remote} is this host; a second
     * call does nothing.
     */
    public void record(Channel backend, SocketAddress remote) {
        if (backend.hasAttr(RECORDED) || !(backend.localAddress() instanceof InetSocketAddress local)
                || local.getPort() == 0 || !(remote instanceof InetSocketAddress target)
                || target.getAddress() == null || !hostAddresses.contains(target.getAddress())) {
            return;
        }
        backend.attr(RECORDED).set(Boolean.TRUE);
        int key = pair(local.getPort(), target.getPort());
        portPairs.merge(key, 1, Integer::sum);
        backend.closeFuture().addListener(closed -> portPairs.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1));
    }

    private static int pair(int localPort, int remotePort) {
        return localPort << 16 | remotePort;
    }

    /** Loopback, the address the client reached, or any address of this host's interfaces. */
    private boolean isThisHost(InetAddress peer, InetAddress reached) {
        return peer.equals(reached) || hostAddresses.contains(peer);
    }

    /**
     * Records the connection right after the connect call: the kernel has bound its local port by then (Netty's epoll
     * and NIO channels report it), so usually before the looped connection is accepted on another thread.
     */
    @ChannelHandler.Sharable
    private final class Recorder extends ChannelOutboundHandlerAdapter {
        @Override
        public void connect(ChannelHandlerContext ctx, SocketAddress remote, SocketAddress localAddress,
                            ChannelPromise promise) {
            ctx.connect(remote, localAddress, promise);
            record(ctx.channel(), remote);
        }
    }

    /**
     * This host's addresses: loopback and wildcard always, interface addresses listed when made and again every 10 s
     * off the event loops (an interface may come up later, a container may get another network; listing interfaces
     * takes system calls), so a check on a loop costs a set lookup.
     */
    private static final class HostAddresses {
        private static final long REFRESH_SECONDS = 10;
        private volatile Set<InetAddress> addresses = list();

        HostAddresses(ScheduledExecutorService refresher) {
            refresher.scheduleWithFixedDelay(() -> addresses = list(), REFRESH_SECONDS, REFRESH_SECONDS,
                    TimeUnit.SECONDS);
        }

        boolean contains(InetAddress address) {
            return address.isLoopbackAddress() || address.isAnyLocalAddress() || addresses.contains(address);
        }

        private static Set<InetAddress> list() {
            try {
                return NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses)
                        .collect(Collectors.toUnmodifiableSet());
            } catch (SocketException e) {
                return Set.of();
            }
        }
    }
}
