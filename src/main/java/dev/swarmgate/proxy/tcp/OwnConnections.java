package dev.swarmgate.proxy.tcp;

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
import java.util.concurrent.ConcurrentHashMap;

/**
 * The relay's own backend connections while they are open, by their pair of ports. An accepted client that is one of
 * them seen from the other end (its port is one of ours, the port it reached is the one ours connected to, and it
 * comes from this host) is this proxy connected to itself: its backend resolved to one of its own listeners through
 * a name or address the configuration could not recognise, and forwarding it would connect again, endlessly.
 *
 * <p>Ports, not addresses, are compared, because the two ends may report the same connection's address differently
 * (NAT, container network stacks); the host check keeps a client of another host with a coincidental port pair out.
 */
final class OwnConnections {

    private static final AttributeKey<Boolean> RECORDED = AttributeKey.valueOf(OwnConnections.class, "recorded");

    /** (local port << 16 | remote port) of open backend connections, with how many share the pair. */
    private final ConcurrentHashMap<Integer, Integer> portPairs = new ConcurrentHashMap<>();
    private final Recorder recorder = new Recorder();

    /** The handler that records a backend channel as soon as its connect is under way. */
    ChannelHandler recorder() {
        return recorder;
    }

    /** Whether an accepted client channel is one of our own backend connections, seen from the listener's side. */
    boolean isOwn(Channel accepted) {
        if (portPairs.isEmpty() || !(accepted.remoteAddress() instanceof InetSocketAddress peer)
                || !(accepted.localAddress() instanceof InetSocketAddress reached)) {
            return false;
        }
        return portPairs.containsKey(pair(peer.getPort(), reached.getPort()))
                && isThisHost(peer.getAddress(), reached.getAddress());
    }

    /** Records {@code backend}, connecting to {@code remote}, until it closes; a second call does nothing. */
    void record(Channel backend, SocketAddress remote) {
        if (backend.hasAttr(RECORDED) || !(backend.localAddress() instanceof InetSocketAddress local)
                || local.getPort() == 0 || !(remote instanceof InetSocketAddress target)) {
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

    /** Loopback, the address the client reached, or any address of this host's interfaces (looked up rarely). */
    private static boolean isThisHost(InetAddress peer, InetAddress reached) {
        if (peer.isLoopbackAddress() || peer.isAnyLocalAddress() || peer.equals(reached)) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(peer) != null;
        } catch (SocketException e) {
            return false;
        }
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
}
