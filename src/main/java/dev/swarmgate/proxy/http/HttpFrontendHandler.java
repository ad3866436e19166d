package dev.swarmgate.proxy.http;

import dev.swarmgate.config.Limits;
import dev.swarmgate.config.Timeouts;
import dev.swarmgate.proxyprotocol.ClientAddress;
import dev.swarmgate.routing.Route;
import dev.swarmgate.routing.RouteTable;
import dev.swarmgate.routing.rules.LocalReply;
import dev.swarmgate.routing.Snapshot;
import io.netty.buffer.Unpooled;
import dev.swarmgate.proxy.tcp.ByteRelay;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The client side of an HTTP/1.x connection: routes each request on the snapshot current when it arrives, runs one
 * {@link Exchange} at a time (pipelined requests wait in order), answers the errors the proxy itself detects, and
 * enforces the connection's timeouts with a single lazily rescheduled timer.
 */
public final class HttpFrontendHandler extends ChannelInboundHandlerAdapter implements ClientSide {

    private static final Logger LOG = LoggerFactory.getLogger(HttpFrontendHandler.class);

    static final int PAUSE_PENDING = 1;
    static final int PAUSE_BACKEND_FULL = 2;
    static final int PAUSE_QUEUE_FULL = 4;
    private static final int MAX_QUEUED = 64;

    private enum Phase { FIRST_REQUEST, IDLE, HEAD, EXCHANGE }

    private final HttpProxyContext context;
    private final int listenerPort;
    private final String listenerPortText;
    private ChannelHandlerContext ctx;
    private String clientAddress;
    private Timeouts timeouts;
    private Limits limits;

    private Exchange exchange;
    private NettyRequestView requestView;
    private Snapshot tableSnapshot;
    private RouteTable table;
    private NettyResponseView responseView;
    private final ArrayDeque<Object> queued = new ArrayDeque<>();
    private boolean discarding;
    private boolean draining;
    private int pauseReasons;

    private Phase phase = Phase.FIRST_REQUEST;
    private long phaseStart;
    private long lastClientActivity;
    private ScheduledFuture<?> timer;
    private long timerFiresAt;

    public HttpFrontendHandler(HttpProxyContext context, int listenerPort) {
        this.context = context;
        this.listenerPort = listenerPort;
        this.listenerPortText = Integer.toString(listenerPort);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        Snapshot snapshot = context.snapshot();
        this.timeouts = snapshot.timeouts();
        this.limits = snapshot.limits();
        long now = System.nanoTime();
        phaseStart = now;
        lastClientActivity = now;
        arm(now + timeouts.httpRequest().toNanos());
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
            arm(phaseStart + timeouts.httpRequest().toNanos());
        }
    }

    private void startExchange(HttpRequest request) {
        if (phase == Phase.FIRST_REQUEST && loopsBack()) {
            ReferenceCountUtil.release(request);
            return;
        }
        if (request.decoderResult().isFailure()) {
            refuse(statusFor(request.decoderResult().cause()), true);
            ReferenceCountUtil.release(request);
            return;
        }
        int refusal = RequestHeadCheck.refusal(request);
        if (refusal != RequestHeadCheck.ACCEPTABLE) {
            refuse(refusal, true);
            return;
        }
        String uri = request.uri();
        HttpHeaders headers = request.headers();
        String expect = headers.get(HttpHeaderNames.EXPECT);
        if (expect != null && !HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect)) {
            refuse(417, true);
            return;
        }
        String path = uri;
        String host = headers.get(HttpHeaderNames.HOST);
        if (uri.equals("*") && request.method().equals(HttpMethod.OPTIONS)) {
            path = "/"; // asterisk form: about the server as a whole, routed like the root (RFC 9112 §3.2.4)
        } else if (uri.charAt(0) != '/') {
            // Absolute form: its authority replaces Host (RFC 9112 §3.2.2), and backends expect origin form.
            AbsoluteTarget target = AbsoluteTarget.parse(uri);
            if (target == null) {
                refuse(400, true);
                return;
            }
            host = target.authority();
            headers.set(HttpHeaderNames.HOST, host);
            request.setUri(target.pathAndQuery());
            path = target.pathAndQuery();
        }
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        RouteTable table = routeTable();
        NettyRequestView view = requestView().of(request);
        boolean clientHttp11 = request.protocolVersion() == HttpVersion.HTTP_1_1;
        boolean keepAlive = HttpUtil.isKeepAlive(request) && !draining;
        boolean bodyless = !HttpUtil.isTransferEncodingChunked(request) && HttpUtil.getContentLength(request, 0L) == 0;
        LocalReply beforeRouting = table.redirectBeforeRouting(view);
        if (beforeRouting != null) {
            reply(beforeRouting, beforeRouting.close() || !keepAlive || !bodyless);
            return;
        }
        Route route = table.match(host, path, view);
        if (route == null) {
            refuse(503, !keepAlive || !bodyless);
            return;
        }
        boolean expectsContinue = HttpUtil.is100ContinueExpected(request);
        if (expectsContinue) {
            // Answered by the proxy once the request passed the route's rules; the backend gets the body directly.
            headers.remove(HttpHeaderNames.EXPECT);
        }
        String upgrade = upgradeRequested(headers);
        HopByHopHeaders.strip(headers);
        if (upgrade != null) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
            headers.set(HttpHeaderNames.UPGRADE, upgrade);
        }
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
        phase = Phase.EXCHANGE;
        phaseStart = System.nanoTime();
        // Usually a no-op: the timer already fires sooner. A short timeoutServer pulls it in.
        arm(phaseStart + Math.min(timeouts.client().toNanos(), route.timeoutServer().toNanos()));
        if (!bodyless) {
            arm(limits.bodyDeadlineNanos(phaseStart, 0));
        }
        exchange = new Exchange(this, ctx, context, request, route, keepAlive, bodyless, clientHttp11, upgrade,
                expectsContinue, host);
        exchange.start();
    }

    /**
     * The listener's route table in the current snapshot; looked up again only when the snapshot changed since this
     * connection's last request (a map lookup and a boxed port otherwise, per request).
     */
    private RouteTable routeTable() {
        Snapshot current = context.snapshot();
        if (current != tableSnapshot) {
            tableSnapshot = current;
            table = current.table(listenerPort);
        }
        return table;
    }

    /** The view rules get of this connection's requests, made at its first request. */
    @Override
    public NettyRequestView requestView() {
        if (requestView == null) {
            requestView = new NettyRequestView(ctx.channel(), clientAddress());
        }
        return requestView;
    }

    /** The view response rules get of this connection's responses, made at its first use. */
    @Override
    public NettyResponseView responseView() {
        if (responseView == null) {
            responseView = new NettyResponseView();
        }
        return responseView;
    }

    /**
     * Adds what the backend needs to learn about the original request once the route's rules let it through:
     * the {@code X-Forwarded-*} headers (after the rules, so a rule reads what the client sent) and a Host when
     * the client sent none.
     */
    @Override
    public void prepareForwarding(HttpRequest request, String host, Route route) {
        ForwardedHeaders.apply(request.headers(), clientAddress(), host, listenerPortText, requestView().tls());
        if (host == null) {
            request.headers().set(HttpHeaderNames.HOST, route.target().toString());
        }
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
                + " proxy", listenerPort, ctx.channel().remoteAddress());
        discarding = true;
        ctx.close();
        return true;
    }

    /**
     * The client's address as text, from the PROXY header when the listener accepts one (read before any request
     * reaches this handler), else the socket's peer; worked out once per connection.
     */
    private String clientAddress() {
        if (clientAddress == null) {
            InetSocketAddress client = ClientAddress.of(ctx.channel());
            clientAddress = client != null ? client.getAddress().getHostAddress() : "unknown";
        }
        return clientAddress;
    }

    /** The protocol an HTTP/1.1 request asks to switch to ({@code Upgrade} named in {@code Connection}), or null. */
    private static String upgradeRequested(HttpHeaders headers) {
        String upgrade = headers.get(HttpHeaderNames.UPGRADE);
        if (upgrade == null || !headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)) {
            return null;
        }
        if (upgrade.toLowerCase(Locale.ROOT).contains("h2c")) {
            // Cleartext HTTP/2 behind the proxy would turn the connection into a tunnel the proxy no longer reads,
            // so every later request on it would bypass routing and rules ("h2c smuggling"): never forwarded.
            return null;
        }
        return upgrade;
    }

    /**
     * Turns this connection and the backend's into a byte tunnel (after a {@code 101 Switching Protocols}): the
     * HTTP handlers leave both pipelines, a relay per direction takes over, and the route's tunnel timeout bounds
     * inactivity.
     */
    @Override
    public void becomeTunnel(Channel backend, Duration idleLimit) {
        exchange = null;
        cancelTimer();
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
        pauseReasons = 0;
        ctx.channel().config().setAutoRead(true);
        backend.config().setAutoRead(true);
        if (!backend.isActive()) {
            ByteRelay.closeOnFlush(ctx.channel());
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** Answers an error page; {@code close} closes the connection after it and drops the rest of the request. */
    private void refuse(int status, boolean close) {
        reply(LocalReply.of(status), close);
    }

    /** Answers a request itself, before any exchange started; {@code close} as for {@link #refuse}. */
    private void reply(LocalReply reply, boolean close) {
        if (close) {
            discarding = true;
            ctx.writeAndFlush(context.errorPages().response(reply, true)).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(context.errorPages().response(reply, false), ctx.voidPromise());
            // The request's (empty) last content follows; it is dropped as a stray message.
            becomeIdle();
        }
    }

    private static int statusFor(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return 414;
        }
        if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
            return 431;
        }
        return 400;
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
    public void pauseReading(int reason) {
        int before = pauseReasons;
        pauseReasons |= reason;
        if (before == 0) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void resumeReading(int reason) {
        if ((pauseReasons & reason) == 0) {
            return;
        }
        pauseReasons &= ~reason;
        if (pauseReasons == 0) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.onClientWritabilityChanged(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.onClientClosed();
            exchange = null;
        }
        releaseQueued();
        cancelTimer();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == DrainSignal.INSTANCE) {
            // The listener is going away: finish the request under way, then close.
            draining = true;
            if (exchange == null) {
                ctx.close();
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

    /** Makes sure the timer fires no later than {@code deadline}; later deadlines are found when it fires. */
    private void arm(long deadline) {
        if (timer != null) {
            if (timerFiresAt <= deadline) {
                return;
            }
            timer.cancel(false);
        }
        timerFiresAt = deadline;
        timer = ctx.executor().schedule(this::onTimer, Math.max(0, deadline - System.nanoTime()),
                TimeUnit.NANOSECONDS);
    }

    private void onTimer() {
        timer = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        long now = System.nanoTime();
        long deadline = currentDeadline();
        if (now < deadline) {
            arm(deadline);
            return;
        }
        switch (phase) {
            case FIRST_REQUEST, HEAD -> refuse(408, true);
            case IDLE -> ctx.close();
            case EXCHANGE -> {
                Exchange current = exchange;
                if (current == null) {
                    ctx.close();
                } else if (!current.requestComplete()) {
                    current.onClientTooSlow();
                } else if (current.waitingForClient()) {
                    current.abort();
                } else {
                    current.onServerTimeout();
                }
            }
        }
        // Re-arm only for a deadline still ahead (a keep-alive 504 made the connection idle); a connection being
        // closed after its error page must not spin on an expired deadline.
        long next = currentDeadline();
        if (ctx.channel().isActive() && next > now) {
            arm(next);
        }
    }

    private long currentDeadline() {
        return switch (phase) {
            case FIRST_REQUEST, HEAD -> phaseStart + timeouts.httpRequest().toNanos();
            case IDLE -> phaseStart + timeouts.httpKeepAlive().toNanos();
            case EXCHANGE -> {
                Exchange current = exchange;
                if (current == null) {
                    yield phaseStart + timeouts.httpKeepAlive().toNanos();
                }
                if (!current.requestComplete()) {
                    // Idle too long, or too slow on average (a byte every few seconds never looks idle).
                    yield Math.min(lastClientActivity + timeouts.client().toNanos(),
                            limits.bodyDeadlineNanos(phaseStart, current.bodyBytes()));
                }
                if (current.clientBlockedSince() != 0) {
                    yield current.clientBlockedSince() + timeouts.client().toNanos();
                }
                yield current.lastBackendActivity() + current.route().timeoutServer().toNanos();
            }
        };
    }
}
