package dev.swarmgate.proxyprotocol;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The first handler of a connection on an accept-proxy listener: refuses peers outside the trusted networks, reads
 * the PROXY header (v1 or v2, told apart by Netty's {@link HAProxyMessageDecoder}), records the client it names in
 * {@link ClientAddress} and hands it on, then leaves the pipeline so the bytes after the header reach the protocol
 * handlers unchanged. A connection without a valid header in time is closed.
 */
public final class ProxyHeaderReader extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyHeaderReader.class);

    private final Predicate<InetAddress> trusted;
    private final ProxyHeaderCounters counters;
    private final Duration timeout;
    private ScheduledFuture<?> timer;
    private boolean done;

    private ProxyHeaderReader(Predicate<InetAddress> trusted, ProxyHeaderCounters counters, Duration timeout) {
        this.trusted = trusted;
        this.counters = counters;
        this.timeout = timeout;
    }

    /**
     * Puts the decoder and the reader at the front of {@code pipeline}; call from the child initializer.
     *
     * @param trusted  which peers may send a header (others are closed at once)
     * @param timeout  how long the header may take to arrive
     */
    public static void install(ChannelPipeline pipeline, Predicate<InetAddress> trusted, ProxyHeaderCounters counters,
                               Duration timeout) {
        pipeline.addFirst(new ProxyHeaderReader(trusted, counters, timeout));
        pipeline.addFirst(new HAProxyMessageDecoder());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        InetSocketAddress peer = (InetSocketAddress) ctx.channel().remoteAddress();
        if (peer == null || !trusted.test(peer.getAddress())) {
            done = true;
            counters.untrusted.increment();
            LOG.debug("closed PROXY-protocol connection from untrusted {}", peer);
            ctx.close();
            return;
        }
        timer = ctx.executor().schedule(() -> {
            if (!done) {
                done = true;
                counters.invalid.increment();
                LOG.debug("closed connection from {}: no PROXY header within {}", peer, timeout);
                ctx.close();
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (done) {
            // Closed already (untrusted, invalid or late): nothing more is passed on.
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!(msg instanceof HAProxyMessage header)) {
            ctx.fireChannelRead(msg);
            return;
        }
        InetSocketAddress socket = (InetSocketAddress) ctx.channel().remoteAddress();
        InetSocketAddress client;
        try {
            client = clientOf(header, socket);
        } catch (UnknownHostException | IllegalArgumentException e) {
            fail(ctx, "unusable addresses in PROXY header (" + e.getMessage() + ")");
            return;
        } finally {
            header.release();
        }
        done = true;
        cancelTimer();
        counters.accepted.increment();
        // Set before any byte after the header is passed on, so every later handler sees the real client.
        ClientAddress.set(ctx.channel(), client);
        ctx.pipeline().remove(this);
    }

    /** The source a PROXY command names; the socket's peer for LOCAL (health checks) and UNKNOWN headers. */
    private static InetSocketAddress clientOf(HAProxyMessage header, InetSocketAddress socket)
            throws UnknownHostException {
        if (header.command() == HAProxyCommand.LOCAL || header.sourceAddress() == null) {
            return socket;
        }
        return switch (header.proxiedProtocol().addressFamily()) {
            case AF_IPv4, AF_IPv6 -> {
                byte[] bytes = NetUtil.createByteArrayFromIpAddressString(header.sourceAddress());
                if (bytes == null) {
                    throw new IllegalArgumentException("source " + header.sourceAddress());
                }
                yield new InetSocketAddress(InetAddress.getByAddress(bytes), header.sourcePort());
            }
            default -> socket;
        };
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!done && cause instanceof DecoderException) {
            fail(ctx, cause.getMessage());
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimer();
        ctx.fireChannelInactive();
    }

    private void fail(ChannelHandlerContext ctx, String reason) {
        done = true;
        cancelTimer();
        counters.invalid.increment();
        LOG.debug("closed connection from {}: invalid PROXY header: {}", ctx.channel().remoteAddress(), reason);
        ctx.close();
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
