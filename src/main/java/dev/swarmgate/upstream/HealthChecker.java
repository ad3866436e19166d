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
 * an unhealthy endpoint healthy, {@code fall} consecutive failures the reverse. A healthy endpoint whose probe failed
 * is probed again after {@link #FAST_INTERVAL_MILLIS} rather than a whole interval (HAProxy's {@code fastinter}), so
 * a port where nothing listens is confirmed down within seconds while {@code fall} still counts. Each failure keeps
 * its cause for the log. Runs on its own event loop, never on one that carries traffic, and never blocks it.
 */
final class HealthChecker {

    /** The pause before probing again a healthy endpoint whose last probe failed. */
    static final long FAST_INTERVAL_MILLIS = 1_000;

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
            probeUnlessUnderWay(endpoint);
        }
    }

    private void probeUnlessUnderWay(Endpoint endpoint) {
        if (!endpoint.probing) {
            endpoint.probing = true;
            probe(endpoint);
        }
    }

    /** A healthy endpoint failed a probe: confirm soon, unless checks stopped or the endpoint left the group. */
    private void probeSoon(Endpoint endpoint) {
        long millis = Math.min(FAST_INTERVAL_MILLIS, check.interval().toMillis());
        if (millis >= check.interval().toMillis()) {
            return; // the regular schedule comes as soon
        }
        loop.schedule(() -> {
            ScheduledFuture<?> current = schedule;
            if (current != null && !current.isCancelled() && group.endpointList().contains(endpoint)) {
                probeUnlessUnderWay(endpoint);
            }
        }, millis, TimeUnit.MILLISECONDS);
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
            probe.done((connect.isDone() ? "no answer to GET " + check.httpPath().orElse("")
                    : "the connect to " + endpoint + " did not complete") + " within healthCheckTimeout ("
                    + check.timeout().toMillis() + " ms)");
            connect.channel().close();
        }, check.timeout().toMillis(), TimeUnit.MILLISECONDS);
        connect.addListener((ChannelFutureListener) future -> {
            if (!future.isSuccess()) {
                probe.done(ConnectFailure.explain(future.cause(), endpoint.address(), group.target().host()));
            } else if (request == null) {
                probe.done(null);
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

        /** @param failure why the probe failed, null when it passed */
        void done(String failure) {
            if (done) {
                return;
            }
            done = true;
            if (deadline != null) {
                deadline.cancel(false);
            }
            endpoint.probing = false;
            group.probed(endpoint, failure, check.rise(), check.fall());
            if (failure != null && endpoint.healthy()) {
                probeSoon(endpoint);
            }
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
                boolean http = statusLine.toString().startsWith("HTTP/");
                String get = "GET " + check.httpPath().orElse("");
                done(http && (klass == '2' || klass == '3') ? null
                        : http ? get + " answered " + statusLine.substring(9) + " (2xx or 3xx passes)"
                        : get + " was answered with something that is not HTTP");
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            done("the connection closed before an answer to GET " + check.httpPath().orElse(""));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            done("GET " + check.httpPath().orElse("") + " failed: " + cause);
            ctx.close();
        }
    }
}
