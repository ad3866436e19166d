package dev.swarmgate.upstream;

import dev.swarmgate.config.HealthCheck;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Active health checks of one endpoint group: every interval, each endpoint gets a TCP connect (or, with a path, an
 * HTTP {@code GET} answered 2xx/3xx) that must succeed within the timeout; {@code rise} consecutive successes make
 * an unhealthy endpoint healthy, {@code fall} consecutive failures the reverse. Runs on its own event loop, never on
 * one that carries traffic, and never blocks it.
 */
final class HealthChecker {

    private final EndpointGroup group;
    private final HealthCheck check;
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final byte[] request;
    private volatile ScheduledFuture<?> schedule;

    HealthChecker(EndpointGroup group, HealthCheck check, EventLoop loop, Transport transport) {
        this.group = group;
        this.check = check;
        this.loop = loop;
        this.bootstrap = new Bootstrap().group(loop).channel(transport.socketChannelClass())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, check.timeout().toMillis()))
                .option(ChannelOption.SO_LINGER, 0);
        this.request = check.httpPath().map(path -> ("GET " + path + " HTTP/1.1\r\nHost: " + group.target().host()
                + "\r\nUser-Agent: swarmgate-health-check\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII)).orElse(null);
    }

    void start() {
        long millis = check.interval().toMillis();
        schedule = loop.scheduleAtFixedRate(this::probeAll, millis, millis, TimeUnit.MILLISECONDS);
    }

    void stop() {
        ScheduledFuture<?> current = schedule;
        if (current != null) {
            current.cancel(false);
        }
    }

    private void probeAll() {
        for (Endpoint endpoint : group.endpointList()) {
            if (!endpoint.probing) {
                endpoint.probing = true;
                probe(endpoint);
            }
        }
    }

    private void probe(Endpoint endpoint) {
        Probe probe = new Probe(endpoint);
        ChannelFuture connect = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                channel.pipeline().addLast(probe);
            }
        }).connect(endpoint.address());
        probe.deadline = loop.schedule(() -> {
            probe.done(false);
            connect.channel().close();
        }, check.timeout().toMillis(), TimeUnit.MILLISECONDS);
        connect.addListener((ChannelFutureListener) future -> {
            if (!future.isSuccess()) {
                probe.done(false);
            } else if (request == null) {
                probe.done(true);
                future.channel().close();
            } else {
                future.channel().writeAndFlush(Unpooled.wrappedBuffer(request));
            }
        });
    }

    /** One probe of one endpoint; reads just the HTTP status line. Runs on the checker's loop only. */
    private final class Probe extends ChannelInboundHandlerAdapter {
        private final Endpoint endpoint;
        private final StringBuilder statusLine = new StringBuilder(16);
        private ScheduledFuture<?> deadline;
        private boolean done;

        Probe(Endpoint endpoint) {
            this.endpoint = endpoint;
        }

        void done(boolean success) {
            if (done) {
                return;
            }
            done = true;
            if (deadline != null) {
                deadline.cancel(false);
            }
            endpoint.probing = false;
            group.probed(endpoint, success, check.rise(), check.fall());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                ByteBuf bytes = (ByteBuf) msg;
                while (bytes.isReadable() && statusLine.length() < 12) {
                    statusLine.append((char) bytes.readByte());
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
            if (statusLine.length() >= 12) {
                // "HTTP/1.1 200": 2xx and 3xx are healthy.
                char klass = statusLine.charAt(9);
                done(statusLine.toString().startsWith("HTTP/") && (klass == '2' || klass == '3'));
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            done(false);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            done(false);
            ctx.close();
        }
    }
}
