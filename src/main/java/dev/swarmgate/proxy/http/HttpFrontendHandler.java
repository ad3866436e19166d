package dev.swarmgate.proxy.http;

import dev.swarmgate.proxyprotocol.ClientAddress;
import dev.swarmgate.routing.rules.LocalReply;
import dev.swarmgate.proxy.tcp.ByteRelay;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The client side of an HTTP/1.x connection: routes each request on the snapshot current when it arrives, runs one
 * {@link Exchange} at a time (pipelined requests wait in order), answers the errors the proxy itself detects, and
 * enforces the connection's timeouts with a single lazily rescheduled timer.
 */
public final class HttpFrontendHandler extends ClientSideHandler implements RequestAdmission.Refusals {

    private static final Logger LOG = LoggerFactory.getLogger(HttpFrontendHandler.class);

    static final int PAUSE_PENDING = 1;
    static final int PAUSE_BACKEND_FULL = 2;
    static final int PAUSE_QUEUE_FULL = 4;
    private static final int MAX_QUEUED = 64;
    /**
     * How long a draining listener's connection may sit without a request before it is closed. Closing an idle
     * keep-alive connection races with a request the client may be sending on it (HTTP/1.1 has no way to announce
     * the close); one that is in use gets its next request within this time, answered with {@code Connection: close},
     * and a freshly accepted one gets its first request. Only connections quiet for this long are closed unasked.
     */
    static final long DRAIN_QUIET_NANOS = TimeUnit.SECONDS.toNanos(1);

    private enum Phase { FIRST_REQUEST, IDLE, HEAD, EXCHANGE }


    private final ArrayDeque<Object> queued = new ArrayDeque<>();
    private boolean discarding;
    private boolean draining;
    private long drainStart;

    private Phase phase = Phase.FIRST_REQUEST;
    private long phaseStart;
    private long lastClientActivity;
    private DeadlineTimer timer;

    public HttpFrontendHandler(HttpProxyContext context, int listenerPort) {
        super(context, new RequestAdmission(context, listenerPort));
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        attach(ctx);
        long now = System.nanoTime();
        phaseStart = now;
        lastClientActivity = now;
        timer = new DeadlineTimer(ctx.executor(), this::onTimer);
        timer.arm(now + timeouts.httpRequest().toNanos());
    }

    /** Raw bytes arrived from the client (called before decoding). */
    void onClientBytes() {
        long now = System.nanoTime();
        lastClientActivity = now;
        if (phase == Phase.IDLE) {
            phase = Phase.HEAD;
            phaseStart = now;
        }
    }

    // ---- reading ----------------------------------------------------------------------------------------------

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        dispatch(msg);
    }

    private void dispatch(Object msg) {
        if (discarding) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (exchange != null) {
            if (!exchange.requestComplete() && msg instanceof HttpContent content) {
                exchange.onClientContent(content);
                return;
            }
            queued.add(msg);
            if (queued.size() > MAX_QUEUED) {
                pauseReading(PAUSE_QUEUE_FULL);
            }
            return;
        }
        if (msg instanceof HttpRequest request) {
            startExchange(request);
        } else {
            // The rest of a request that was refused before its body ended.
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.onClientReadComplete();
        }
        if (phase == Phase.HEAD) {
            // A request head is arriving in pieces: hold it to TIMEOUT_HTTP_REQUEST (slow clients get a 408).
            timer.arm(phaseStart + timeouts.httpRequest().toNanos());
        }
    }

    private void startExchange(HttpRequest request) {
        if (phase == Phase.FIRST_REQUEST && loopsBack()) {
            ReferenceCountUtil.release(request);
            return;
        }
        Exchange admitted = admission.admit(request, requestView(), this, ctx, draining, this);
        if (admitted == null) {
            return;
        }
        exchange = admitted;
        phase = Phase.EXCHANGE;
        phaseStart = System.nanoTime();
        timer.arm(admitted.firstDeadline(phaseStart, timeouts, limits));
        admitted.start();
    }

    /**
     * Closes a connection that is one of this proxy's own backend connections come back to its listener: a route's
     * backend resolves to the proxy itself, and forwarding would connect again without end. Checked at the first
     * request, by when the connection that sent it is surely recorded; closing ends the loop at its first turn, and
     * the exchange that opened it answers its client 502.
     */
    private boolean loopsBack() {
        if (!context.endpointGroups().ownConnections().isOwn(ctx.channel())) {
            return false;
        }
        LOG.warn("HTTP port {}: closing a connection that loops back into this proxy from {}: a route's backend is"
                + " this proxy's own port; point the service's outboundHostname and port at the service, not at the"
                + " proxy", admission.listenerPort(), ctx.channel().remoteAddress());
        discarding = true;
        ctx.close();
        return true;
    }

    /**
     * Turns this connection and the backend's into a byte tunnel (after a {@code 101 Switching Protocols}): the
     * HTTP handlers leave both pipelines, a relay per direction takes over, and the route's tunnel timeout bounds
     * inactivity.
     */
    @Override
    public void becomeTunnel(Channel backend, Duration idleLimit) {
        exchange = null;
        timer.cancel();
        long idleSeconds = Math.max(1, idleLimit.toSeconds());
        ChannelPipeline clientPipeline = ctx.pipeline();
        clientPipeline.addLast(new IdleStateHandler(0, 0, idleSeconds, TimeUnit.SECONDS), new ByteRelay(backend));
        ChannelPipeline backendPipeline = backend.pipeline();
        backendPipeline.addLast(new IdleStateHandler(0, 0, idleSeconds, TimeUnit.SECONDS),
                new ByteRelay(ctx.channel()));
        ctx.flush();
        // The encoders leave first: when a decoder leaves, the bytes it still holds (the new protocol's first bytes,
        // sent in the same packet as the 101 or the upgrade request) go on raw, and must not meet an HTTP encoder.
        clientPipeline.get(HttpServerCodec.class).removeOutboundHandler();
        backendPipeline.get(HttpClientCodec.class).removeOutboundHandler();
        backendPipeline.remove(BackendHandler.class);
        clientPipeline.remove(this);
        clientPipeline.remove(ClientBytesObserver.class);
        backendPipeline.remove(HttpClientCodec.class);
        clientPipeline.remove(HttpServerCodec.class);
        pauses.clear();
        backend.config().setAutoRead(true);
        if (!backend.isActive()) {
            ByteRelay.closeOnFlush(ctx.channel());
        }
    }

    /** Answers an error page; {@code close} closes the connection after it and drops the rest of the request. */
    private void refuse(int status, boolean close) {
        refuse(LocalReply.of(status), close);
    }

    /** Answers a request itself, before any exchange started; {@code close} as for {@link #refuse(int, boolean)}. */
    @Override
    public void refuse(LocalReply reply, boolean close) {
        if (close) {
            discarding = true;
            ctx.writeAndFlush(context.errorPages().response(reply, true)).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(context.errorPages().response(reply, false), ctx.voidPromise());
            // The request's (empty) last content follows; it is dropped as a stray message.
            becomeIdle();
        }
    }

    // ---- exchange life ----------------------------------------------------------------------------------------

    @Override
    public void exchangeFinished(Exchange finished, boolean keepAlive) {
        if (exchange != finished) {
            return;
        }
        exchange = null;
        if (!keepAlive || draining) {
            discarding = true;
            if (draining && keepAlive) {
                ctx.close();
            }
            releaseQueued();
            return;
        }
        becomeIdle();
        Object next;
        while (exchange == null && !discarding && (next = queued.poll()) != null) {
            dispatch(next);
        }
        while (exchange != null && !exchange.requestComplete() && (next = queued.poll()) != null) {
            dispatch(next);
        }
        if (exchange != null) {
            // Body parts read earlier were just handed over: no read completes to flush them, so flush now.
            exchange.onClientReadComplete();
        }
        if (queued.size() <= MAX_QUEUED) {
            resumeReading(PAUSE_QUEUE_FULL);
        }
        resumeReading(PAUSE_BACKEND_FULL);
        resumeReading(PAUSE_PENDING);
    }

    private void becomeIdle() {
        phase = Phase.IDLE;
        phaseStart = System.nanoTime();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.onClientClosed();
            exchange = null;
        }
        releaseQueued();
        timer.cancel();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == DrainSignal.INSTANCE) {
            // The listener is going away: finish the request under way, then close; an idle connection closes once
            // it has been quiet for DRAIN_QUIET_NANOS (at once if it already was).
            if (!draining) {
                draining = true;
                drainStart = System.nanoTime();
                if (exchange != null) {
                    exchange.closeAfterResponse();
                } else if (timer != null) {
                    timer.arm(currentDeadline());
                }
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("client connection {} failed: {}", ClientAddress.of(ctx.channel()), cause.toString());
        ctx.close();
    }

    private void releaseQueued() {
        Object msg;
        while ((msg = queued.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
    }

    // ---- timeouts ---------------------------------------------------------------------------------------------

    private void onTimer() {
        if (!ctx.channel().isActive()) {
            return;
        }
        long now = System.nanoTime();
        long deadline = currentDeadline();
        if (now < deadline) {
            timer.arm(deadline);
            return;
        }
        switch (phase) {
            case FIRST_REQUEST, HEAD -> {
                if (quietWhileDraining()) {
                    ctx.close();
                } else {
                    refuse(408, true);
                }
            }
            case IDLE -> ctx.close();
            case EXCHANGE -> {
                Exchange current = exchange;
                if (current == null) {
                    ctx.close();
                } else {
                    current.onDeadlinePassed();
                }
            }
        }
        // Re-arm only for a deadline still ahead (a keep-alive 504 made the connection idle); a connection being
        // closed after its error page must not spin on an expired deadline.
        long next = currentDeadline();
        if (ctx.channel().isActive() && next > now) {
            timer.arm(next);
        }
    }

    /** Draining and no byte of a request received yet: closed without a 408 when quiet long enough. */
    private boolean quietWhileDraining() {
        return draining && (phase == Phase.IDLE || phase == Phase.FIRST_REQUEST && lastClientActivity == phaseStart);
    }

    private long currentDeadline() {
        long deadline = timeoutDeadline();
        if (quietWhileDraining() && exchange == null) {
            return Math.min(deadline, Math.max(phaseStart + DRAIN_QUIET_NANOS, drainStart));
        }
        return deadline;
    }

    private long timeoutDeadline() {
        return switch (phase) {
            case FIRST_REQUEST, HEAD -> phaseStart + timeouts.httpRequest().toNanos();
            case IDLE -> phaseStart + timeouts.httpKeepAlive().toNanos();
            case EXCHANGE -> {
                Exchange current = exchange;
                yield current == null ? phaseStart + timeouts.httpKeepAlive().toNanos()
                        : current.deadline(phaseStart, lastClientActivity, timeouts, limits);
            }
        };
    }
}
