package dev.swarmgate.proxy.http;

import dev.swarmgate.config.Limits;
import dev.swarmgate.config.ProxyProtocol;
import dev.swarmgate.config.Timeouts;
import dev.swarmgate.observe.AccessLog;
import dev.swarmgate.observe.AccessRecord;
import dev.swarmgate.observe.DestinationMeters;
import dev.swarmgate.proxyprotocol.ClientAddress;
import dev.swarmgate.proxyprotocol.ProxyHeaders;
import dev.swarmgate.routing.Route;
import dev.swarmgate.routing.rules.LocalReply;
import dev.swarmgate.routing.rules.RequestStep;
import dev.swarmgate.routing.rules.ResponseStep;
import dev.swarmgate.routing.rules.RouteRules;
import dev.swarmgate.routing.rules.StepResult;
import dev.swarmgate.upstream.ClientBoundAddress;
import dev.swarmgate.upstream.ConnectFailure;
import dev.swarmgate.upstream.Endpoint;
import dev.swarmgate.upstream.UpstreamConnector;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;

/**
 * One request and its response, relayed between the client connection and a backend connection on the same event
 * loop. The route's request steps run first (they may answer locally); then the {@link UpstreamConnector} finds a
 * backend connection, bodies stream both ways with back-pressure, and the response steps edit the response head.
 * A request that is safe to repeat is sent again on a fresh connection when its backend closed without answering.
 * <p>
 * Its state is two small machines, one per direction ({@link RequestState}, {@link ResponseState}).
 */
final class Exchange implements UpstreamConnector.Client {

    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);
    private static final int MAX_PENDING_BYTES = 256 * 1024;

    /** How far the request has come, from the client and to the backend. */
    enum RequestState {
        /** The client is still sending the request (its head, or body parts). */
        RECEIVING,
        /** The client sent all of it; not all of it is written to a backend yet. */
        RECEIVED,
        /** All of it is written to the backend connection. */
        SENT
    }

    /** How far the response has come. */
    enum ResponseState {
        /** No final response head yet (request rules, connecting, or waiting for the backend). */
        AWAITING,
        /** Inside a 1xx interim response, whose (empty) end is skipped. */
        INTERIM,
        /** The final head went to the client; the body streams. */
        STREAMING,
        /** A 101 went to the client; at the end of its message both connections become a tunnel. */
        UPGRADING,
        /** The exchange ended: completed, answered locally, aborted or turned into a tunnel. */
        DONE
    }

    private final ClientSide frontend;
    private final ChannelHandlerContext client;
    private final HttpProxyContext context;
    private final HttpRequest request;
    private final Route route;
    private final boolean bodyless;
    private final boolean clientHttp11;
    private final String upgradeProtocol;
    private final boolean expectsContinue;
    /** The Host the client sent (or the absolute form's authority), null when none. */
    private final String host;

    private RequestState requestState = RequestState.RECEIVING;
    private ResponseState responseState = ResponseState.AWAITING;
    private boolean clientKeepAlive;
    private boolean backendKeepAlive;

    private UpstreamConnector connector;
    private long bodyBytes;
    private ArrayDeque<HttpContent> pending;
    private int pendingBytes;
    private boolean backendFlushPending;
    private Channel backend;
    private BackendHandler backendHandler;
    /** The endpoint whose connection carries the request (for the sticky cookie and the pool). */
    private Endpoint served;
    /** The value of the route's sticky cookie in the request, null when absent or the route is not sticky. */
    private String stickyId;
    /** Whether this exchange holds one of its service's {@code maxConn} slots, until {@link #releaseSlot()}. */
    private boolean holdsSlot;
    private long lastBackendActivity;
    private long clientBlockedSince;
    // What the metrics and the access log get when the exchange ends (recorded once, in finish()).
    private final DestinationMeters meters;
    private final long startNanos;
    private long sentNanos;
    private long backendNanos = -1;
    /** The final status the client got from the backend, 0 before its head. */
    private int status;
    private long responseBytes;

    Exchange(ClientSide frontend, ChannelHandlerContext client, HttpProxyContext context,
             HttpRequest request, Route route, boolean keepAlive, boolean bodyless, boolean clientHttp11,
             String upgradeProtocol, boolean expectsContinue, String host) {
        this.frontend = frontend;
        this.client = client;
        this.context = context;
        this.request = request;
        this.route = route;
        this.clientKeepAlive = keepAlive;
        this.bodyless = bodyless;
        this.clientHttp11 = clientHttp11;
        this.upgradeProtocol = upgradeProtocol;
        this.expectsContinue = expectsContinue;
        this.host = host;
        this.startNanos = System.nanoTime();
        this.lastBackendActivity = startNanos;
        this.meters = context.meters(client.channel().eventLoop(), route);
        meters.started();
    }

    Route route() {
        return route;
    }

    boolean requestComplete() {
        return requestState != RequestState.RECEIVING;
    }

    boolean waitingForClient() {
        return !requestComplete() || clientBlockedSince != 0;
    }

    long clientBlockedSince() {
        return clientBlockedSince;
    }

    long lastBackendActivity() {
        return lastBackendActivity;
    }

    /** Request body bytes received from the client so far. */
    long bodyBytes() {
        return bodyBytes;
    }

    void start() {
        runRequestSteps(0);
    }

    // ---- deadlines (the client side's timer asks) ---------------------------------------------------------------

    /** The first deadline of an exchange started at {@code start}: client and server timeouts, the body's rate. */
    long firstDeadline(long start, Timeouts timeouts, Limits limits) {
        // Usually later than the client side's own timer already fires; a short timeoutServer pulls it in.
        long deadline = start + Math.min(timeouts.client().toNanos(), route.timeoutServer().toNanos());
        return bodyless ? deadline : Math.min(deadline, limits.bodyDeadlineNanos(start, 0));
    }

    /**
     * When this exchange runs out of time as things stand: the request body idle too long or too slow on average (a
     * byte every few seconds never looks idle), the client not taking the response, or the backend silent.
     */
    long deadline(long start, long lastClientActivity, Timeouts timeouts, Limits limits) {
        if (!requestComplete()) {
            return Math.min(lastClientActivity + timeouts.client().toNanos(),
                    limits.bodyDeadlineNanos(start, bodyBytes));
        }
        if (clientBlockedSince != 0) {
            return clientBlockedSince + timeouts.client().toNanos();
        }
        return lastBackendActivity + route.timeoutServer().toNanos();
    }

    /** The {@link #deadline} passed: the side that was too slow decides how the exchange ends. */
    void onDeadlinePassed() {
        if (!requestComplete()) {
            onClientTooSlow();
        } else if (waitingForClient()) {
            abort();
        } else {
            onServerTimeout();
        }
    }

    private boolean responseStarted() {
        return responseState == ResponseState.STREAMING || responseState == ResponseState.UPGRADING;
    }

    // ---- request rules ----------------------------------------------------------------------------------------

    /** Runs the route's request steps from {@code from} on; the request is forwarded when all of them let it. */
    private void runRequestSteps(int from) {
        List<RequestStep> steps = route.rules().request();
        for (int i = from; i < steps.size(); i++) {
            StepResult result = steps.get(i).apply(frontend.requestView());
            switch (result) {
                case StepResult.Proceed ignored -> {
                    continue;
                }
                case LocalReply reply -> {
                    replyLocally(reply);
                    return;
                }
                case StepResult.Pending decision -> {
                    int next = i + 1;
                    // Body parts arriving meanwhile wait in the pending queue, which pauses reading when full.
                    decision.result().whenComplete((decided, failure) -> client.executor().execute(
                            () -> onStepDecided(next, decided, failure)));
                    return;
                }
            }
        }
        forward();
    }

    private void onStepDecided(int next, StepResult decided, Throwable failure) {
        if (responseState == ResponseState.DONE) {
            return;
        }
        if (failure != null) {
            LOG.warn("{}: a request rule failed: {}", route.backendName(), failure.toString());
            replyLocally(LocalReply.of(500));
        } else if (decided instanceof LocalReply reply) {
            replyLocally(reply);
        } else {
            runRequestSteps(next);
        }
    }

    /** The request passed the route's rules: it goes to the backend. */
    private void forward() {
        frontend.prepareForwarding(request, host, route);
        if (expectsContinue) {
            client.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
                    Unpooled.EMPTY_BUFFER), client.voidPromise());
        }
        if (route.maxConnections() > 0) {
            if (!context.endpointGroups().connectionLimits().tryAcquire(route.serviceName(), route.maxConnections())) {
                LOG.debug("{}: maxConn={} requests in flight, refusing one more", route.serviceName(),
                        route.maxConnections());
                failBeforeResponse(503);
                return;
            }
            holdsSlot = true;
        }
        if (route.sticky()) {
            stickyId = StickyCookie.take(request.headers(), route.stickyCookie());
        }
        // Over TLS the PROXY header goes before the handshake, in clear; over plain TCP, in connected().
        Consumer<Channel> beforeHandshake = route.sendProxy() == ProxyProtocol.NONE || !route.backendTls().encrypted()
                ? null : this::sendProxyHeader;
        HttpProxyContext.LoopResources loop = context.loop(client.channel().eventLoop());
        connector = new UpstreamConnector(context.endpointGroups().get(route.target()), client.executor(),
                route.transparency().on()
                        ? loop.transparentDialer(route.backendTls(), route.target().host(), beforeHandshake,
                                ClientAddress.of(client.channel()), route.transparency())
                        : loop.dialer(route.backendTls(), route.target().host(), beforeHandshake), this);
        connect(true);
    }

    // ---- connecting -------------------------------------------------------------------------------------------

    /** {@code reuse}: a pooled connection may serve (not after one closed without answering). */
    private void connect(boolean reuse) {
        var group = connector.group();
        long hash = group.hashesClients() ? clientHash() : 0;
        Endpoint pinned = stickyId != null ? group.sticky(route.serviceName()).endpoint(stickyId) : null;
        // A connection that sent a PROXY header speaks for one client connection only: it never comes from the pool.
        connector.connect(hash, pinned, reuse && route.reusesConnections());
    }

    @Override
    public boolean gone() {
        return responseState == ResponseState.DONE;
    }

    @Override
    public Channel pooled(InetSocketAddress address) {
        BackendHandler pooled = context.loop(client.channel().eventLoop()).pool(route.backendTls())
                .acquire(poolKey(address));
        return pooled == null ? null : pooled.channel();
    }

    @Override
    public void connected(Channel channel, Endpoint endpoint, boolean fresh) {
        if (fresh && route.sendProxy() != ProxyProtocol.NONE && !route.backendTls().encrypted()) {
            sendProxyHeader(channel);
        }
        attach(channel, endpoint);
    }

    private void sendProxyHeader(Channel backendChannel) {
        ProxyHeaders.write(backendChannel, route.sendProxy(), ClientAddress.of(client.channel()),
                (InetSocketAddress) client.channel().localAddress());
    }

    @Override
    public void failed(ConnectFailure failure, String detail) {
        LOG.debug("{}: {}", route.backendName(), detail);
        failBeforeResponse(switch (failure) {
            case UNRESOLVED, NO_HEALTHY_ENDPOINT -> 503;
            case CONNECT_REFUSED, CONNECT_FAILED -> 502;
            case CONNECT_TIMED_OUT -> 504;
            // The proxy cannot connect as the client (transparent): unavailable, not a backend's fault.
            case TRANSPARENT_SOURCE -> 503;
        });
    }

    private void attach(Channel channel, Endpoint picked) {
        backend = channel;
        served = picked;
        backendHandler = channel.pipeline().get(BackendHandler.class);
        backendHandler.attach(this);
        lastBackendActivity = System.nanoTime();
        sentNanos = lastBackendActivity;
        channel.write(request, channel.voidPromise());
        if (bodyless) {
            if (requestState == RequestState.RECEIVED) {
                channel.write(LastHttpContent.EMPTY_LAST_CONTENT, channel.voidPromise());
                requestState = RequestState.SENT;
            }
        } else {
            HttpContent content;
            while (pending != null && (content = pending.poll()) != null) {
                writeToBackend(content);
            }
            pendingBytes = 0;
            frontend.resumeReading(HttpFrontendHandler.PAUSE_PENDING);
        }
        channel.flush();
    }

    // ---- client to backend ------------------------------------------------------------------------------------

    void onClientContent(HttpContent content) {
        if (content.decoderResult().isFailure()) {
            // A malformed body (bad chunk size, ...): the request is refused and never completed upstream.
            content.release();
            clientKeepAlive = false;
            if (responseStarted()) {
                abort();
            } else {
                failBeforeResponse(400);
            }
            return;
        }
        boolean last = content instanceof LastHttpContent;
        if (last) {
            requestState = RequestState.RECEIVED;
        }
        bodyBytes += content.content().readableBytes();
        if (backend == null) {
            if (bodyless) {
                content.release();
                return;
            }
            if (pending == null) {
                pending = new ArrayDeque<>(4);
            }
            pending.add(content);
            pendingBytes += content.content().readableBytes();
            if (pendingBytes > MAX_PENDING_BYTES) {
                frontend.pauseReading(HttpFrontendHandler.PAUSE_PENDING);
            }
            return;
        }
        if (bodyless) {
            content.release();
            if (last) {
                // Ends the message in the encoder; it writes no bytes, so it needs no flush.
                backend.write(LastHttpContent.EMPTY_LAST_CONTENT, backend.voidPromise());
                requestState = RequestState.SENT;
            }
            return;
        }
        writeToBackend(content);
    }

    private void writeToBackend(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        backend.write(content, backend.voidPromise());
        if (last) {
            requestState = RequestState.SENT;
        }
        backendFlushPending = true;
        if (!backend.isWritable()) {
            frontend.pauseReading(HttpFrontendHandler.PAUSE_BACKEND_FULL);
        }
    }

    void onClientReadComplete() {
        if (backendFlushPending && backend != null) {
            backendFlushPending = false;
            backend.flush();
        }
    }

    void onBackendWritabilityChanged(boolean writable) {
        if (writable) {
            frontend.resumeReading(HttpFrontendHandler.PAUSE_BACKEND_FULL);
        } else {
            frontend.pauseReading(HttpFrontendHandler.PAUSE_BACKEND_FULL);
        }
    }

    // ---- backend to client ------------------------------------------------------------------------------------

    void onBackendMessage(Object msg) {
        lastBackendActivity = System.nanoTime();
        if (msg instanceof HttpResponse response) {
            if (response.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                LOG.debug("invalid response from {}: {}", served, response.decoderResult().cause().toString());
                failOrAbort(502);
                return;
            }
            int code = response.status().code();
            if (code < 100 || code > 599) {
                ReferenceCountUtil.release(msg);
                LOG.debug("invalid status {} from {}", code, served);
                failBeforeResponse(502);
                return;
            }
            onResponseHead(response);
            if (!(msg instanceof HttpContent)) {
                return;
            }
        }
        if (!(msg instanceof HttpContent content)) {
            if (responseState == ResponseState.UPGRADING && msg instanceof ByteBuf early) {
                // The backend spoke the new protocol in the same packet as its 101: the codec passes those bytes
                // on raw. The tunnel starts here and they are its first bytes.
                tunnel();
                client.channel().writeAndFlush(early, client.channel().voidPromise());
                return;
            }
            ReferenceCountUtil.release(msg);
            return;
        }
        if (content.decoderResult().isFailure()) {
            // A corrupt body (bad chunk size, ...): the response cannot be completed, the connection is unusable.
            LOG.debug("invalid response body from {}: {}", served, content.decoderResult().cause().toString());
            content.release();
            failOrAbort(502);
            return;
        }
        switch (responseState) {
            case INTERIM -> {
                content.release();
                if (content instanceof LastHttpContent) {
                    responseState = ResponseState.AWAITING;
                }
            }
            case UPGRADING -> {
                content.release();
                if (content instanceof LastHttpContent) {
                    tunnel();
                }
            }
            case STREAMING -> {
                responseBytes += content.content().readableBytes();
                if (content instanceof LastHttpContent last) {
                    complete(last);
                    return;
                }
                client.write(content, client.voidPromise());
                if (!client.channel().isWritable()) {
                    clientBlockedSince = System.nanoTime();
                    backend.config().setAutoRead(false);
                }
            }
            case AWAITING, DONE -> content.release();
        }
    }

    private void onResponseHead(HttpResponse response) {
        int code = response.status().code();
        response.setProtocolVersion(HttpVersion.HTTP_1_1);
        if (code >= 100 && code < 200 && code != 101) {
            responseState = ResponseState.INTERIM;
            relayInterim(response);
            return;
        }
        responseState = ResponseState.STREAMING;
        status = code;
        backendNanos = lastBackendActivity - sentNanos;
        if (route.sticky()) {
            stick(response);
        }
        backendKeepAlive = HttpUtil.isKeepAlive(response);
        boolean noBody = request.method().equals(HttpMethod.HEAD) || code == 204 || code == 304;
        if (code == 101) {
            if (upgradeProtocol != null) {
                // WebSocket and other upgrades: relay the answer, then both connections become a byte tunnel.
                String protocol = response.headers().get(HttpHeaderNames.UPGRADE, upgradeProtocol);
                HopByHopHeaders.strip(response.headers());
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
                response.headers().set(HttpHeaderNames.UPGRADE, protocol);
                responseState = ResponseState.UPGRADING;
                client.write(response, client.voidPromise());
                return;
            }
            // A switch nobody asked for cannot be relayed as HTTP: pass the answer on, then close both sides.
            backendKeepAlive = false;
            clientKeepAlive = false;
        } else {
            applyResponseRules(response, noBody);
        }
        boolean chunked = HttpUtil.isTransferEncodingChunked(response);
        boolean hasLength = response.headers().contains(HttpHeaderNames.CONTENT_LENGTH);
        HopByHopHeaders.strip(response.headers());
        if (!noBody && !hasLength && !chunked) {
            // The backend delimits the body by closing: re-frame it as chunked, or close an HTTP/1.0 client.
            if (clientHttp11) {
                HttpUtil.setTransferEncodingChunked(response, true);
            } else {
                clientKeepAlive = false;
            }
        }
        if (!clientHttp11 && chunked) {
            response.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
            clientKeepAlive = false;
        }
        if (requestState == RequestState.RECEIVING) {
            // The backend answered before the request body ended: the rest of it will not be read.
            clientKeepAlive = false;
        }
        if (!clientKeepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (!clientHttp11) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        client.write(response, client.voidPromise());
    }

    /** The route's response steps edit the head; then compression may take the body over. */
    private void applyResponseRules(HttpResponse response, boolean noBody) {
        RouteRules rules = route.rules();
        List<ResponseStep> steps = rules.response();
        if (!steps.isEmpty()) {
            NettyResponseView view = frontend.responseView().of(response);
            for (ResponseStep step : steps) {
                step.apply(frontend.requestView(), view);
            }
        }
        if (rules.compression() != null && !noBody) {
            ResponseCompression.engage(client, rules.compression(), request, response);
        }
    }

    /**
     * Passes a 1xx on as a message of its own (a full one, so the client's encoder expects the final response next).
     * HTTP/1.0 clients never get one (RFC 9110 §15.2), and neither does anyone a {@code 100 Continue}: the proxy
     * answered the client's expectation itself and the backend was not asked for one.
     */
    private void relayInterim(HttpResponse response) {
        if (!clientHttp11 || response.status().code() == 100) {
            return;
        }
        HopByHopHeaders.strip(response.headers());
        DefaultFullHttpResponse interim = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, response.status(),
                Unpooled.EMPTY_BUFFER, response.headers(), EmptyHttpHeaders.INSTANCE);
        client.writeAndFlush(interim, client.voidPromise());
    }

    /** Sets the sticky cookie when the request's did not name the endpoint that answers (absent, gone, moved). */
    private void stick(HttpResponse response) {
        String id = connector.group().sticky(route.serviceName()).idOf(served);
        if (id != null && !id.equals(stickyId)) {
            StickyCookie.set(response.headers(), route.stickyCookie(), id);
        }
    }

    void onBackendReadComplete() {
        client.flush();
        if (responseState == ResponseState.UPGRADING) {
            // Netty's decoder ends a 101 with an empty last content only for WebSocket answers; any other upgrade
            // (a Docker attach's "Upgrade: tcp", ...) has nothing more to wait for once the read is done.
            tunnel();
        }
    }

    void onClientWritabilityChanged(boolean writable) {
        if (backend != null && responseStarted()) {
            if (writable) {
                clientBlockedSince = 0;
            } else if (clientBlockedSince == 0) {
                clientBlockedSince = System.nanoTime();
            }
            backend.config().setAutoRead(writable);
        }
    }

    private void complete(LastHttpContent last) {
        responseState = ResponseState.DONE;
        finish(status);
        releaseSlot();
        connector.release();
        releaseBackend(backendKeepAlive && requestState == RequestState.SENT);
        boolean keepAlive = clientKeepAlive && requestComplete();
        if (keepAlive) {
            client.writeAndFlush(last, client.voidPromise());
        } else {
            client.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
        }
        frontend.exchangeFinished(this, keepAlive);
    }

    /** The upgrade was accepted: from now on both connections carry raw bytes, relayed until either side ends. */
    private void tunnel() {
        responseState = ResponseState.DONE;
        finish(status);
        connector.release();
        Channel upstream = backend;
        if (holdsSlot) {
            // The upgraded connection keeps using the service until it closes.
            holdsSlot = false;
            upstream.closeFuture().addListener(closed -> context.endpointGroups().connectionLimits()
                    .release(route.serviceName()));
        }
        backendHandler.detach();
        backend = null;
        client.write(LastHttpContent.EMPTY_LAST_CONTENT, client.voidPromise());
        frontend.becomeTunnel(upstream, route.timeoutTunnel());
    }

    private void releaseBackend(boolean reusable) {
        if (backend == null) {
            return;
        }
        backendHandler.detach();
        Channel channel = backend;
        backend = null;
        if (reusable && channel.isActive() && route.reusesConnections()) {
            if (!channel.config().isAutoRead()) {
                channel.config().setAutoRead(true);
            }
            context.loop(client.channel().eventLoop()).pool(route.backendTls()).release(poolKey(served.address()),
                    backendHandler);
        } else {
            channel.close();
        }
    }

    /**
     * The endpoint, or for a transparent route the endpoint as seen from this client's source: its IP, or with
     * {@code transparentPort} its IP and port (so the same client connection's next request, and only it, reuses the
     * backend connection, whose address and port could not be bound twice).
     */
    private SocketAddress poolKey(InetSocketAddress endpoint) {
        return switch (route.transparency()) {
            case OFF -> endpoint;
            case CLIENT_IP -> new ClientBoundAddress(new InetSocketAddress(ClientAddress.of(client.channel())
                    .getAddress(), 0), endpoint);
            case CLIENT_IP_AND_PORT -> new ClientBoundAddress(ClientAddress.of(client.channel()), endpoint);
        };
    }

    // ---- failures ---------------------------------------------------------------------------------------------

    void onBackendClosed() {
        if (responseState == ResponseState.DONE) {
            return;
        }
        backend = null;
        if (responseStarted()) {
            LOG.debug("{} closed in the middle of a response", served);
            abort();
            return;
        }
        if (bodyless && isSafe(request.method()) && connector.mayRetry()) {
            // Closed before any answer: a pooled connection the backend closed while idle, or a task going away. The
            // request may have reached it, so only a request that is safe to repeat is sent again, on a fresh
            // connection, possibly to another endpoint (RFC 9110 §9.2.1; nginx's proxy_next_upstream error).
            if (requestState == RequestState.SENT) {
                requestState = RequestState.RECEIVED;
            }
            connector.release();
            connect(false);
            return;
        }
        failBeforeResponse(502);
    }

    /**
     * The listener drains: the connection closes after this response, which says {@code Connection: close} if its
     * head has not gone out yet.
     */
    void closeAfterResponse() {
        clientKeepAlive = false;
    }

    /** The deadline for backend activity passed. */
    void onServerTimeout() {
        failOrAbort(504);
    }

    /**
     * The request body stopped arriving, or arrives slower than the minimum rate: the client gets a 408 if nothing
     * was answered yet, and the connection closes either way (the rest of the body will not be read).
     */
    void onClientTooSlow() {
        clientKeepAlive = false;
        failOrAbort(408);
    }

    /** The client closed its connection: the backend connection is in an unknown state and is dropped. */
    void onClientClosed() {
        giveUp(responseStarted() ? status : 0);
    }

    /** Answers {@code status} when the client has no response yet, else cuts the response short. */
    private void failOrAbort(int status) {
        if (responseStarted()) {
            abort();
        } else {
            failBeforeResponse(status);
        }
    }

    /** Gives up on a response already under way: both connections close, the client sees a truncated response. */
    void abort() {
        if (!giveUp(status)) {
            return;
        }
        client.close();
        frontend.exchangeFinished(this, false);
    }

    private void failBeforeResponse(int status) {
        replyLocally(LocalReply.of(status));
    }

    /** Answers the client without (or instead of) the backend's response: a refusal, a redirect, a challenge. */
    private void replyLocally(LocalReply reply) {
        if (!giveUp(reply.status())) {
            return;
        }
        // A bodyless request has nothing left to read but its (empty) end, which the frontend drops as a stray.
        boolean close = reply.close() || !clientKeepAlive || !requestComplete() && !bodyless;
        ChannelFuture written = client.writeAndFlush(context.errorPages().response(reply, close));
        if (close) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
        frontend.exchangeFinished(this, !close);
    }

    /**
     * Ends the exchange without completing it: the endpoint count ends, buffered body parts are released and the
     * backend connection is dropped (its state is unknown). False when the exchange had already ended.
     *
     * @param finalStatus what the client gets or got, 0 for nothing (counted and logged as cut short)
     */
    private boolean giveUp(int finalStatus) {
        if (responseState == ResponseState.DONE) {
            return false;
        }
        responseState = ResponseState.DONE;
        finish(finalStatus);
        releaseSlot();
        if (connector != null) {
            connector.abandon();
        }
        releasePending();
        releaseBackend(false);
        return true;
    }

    /** Counts the exchange in its destination's meters and logs it; called once, as it ends. */
    private void finish(int finalStatus) {
        long totalNanos = System.nanoTime() - startNanos;
        int retries = connector == null ? 0 : connector.retries();
        meters.finished(finalStatus, bodyBytes, responseBytes, totalNanos, backendNanos, retries);
        AccessLog log = context.accessLog();
        if (log.wants(AccessRecord.isError(finalStatus))) {
            log.offer(accessRecord(finalStatus, totalNanos, retries));
        }
    }

    private AccessRecord accessRecord(int finalStatus, long totalNanos, int retries) {
        Channel channel = client.channel();
        boolean http2 = channel instanceof Http2StreamChannel;
        Channel connection = http2 ? channel.parent() : channel;
        String uri = request.uri();
        int query = uri.indexOf('?');
        InetSocketAddress local = (InetSocketAddress) connection.localAddress();
        return new AccessRecord(System.currentTimeMillis(), ClientAddress.of(channel),
                local == null ? 0 : local.getPort(), request.method().name(), host,
                query < 0 ? uri : uri.substring(0, query),
                http2 ? "HTTP/2" : clientHttp11 ? "HTTP/1.1" : "HTTP/1.0",
                connection.pipeline().get(SslHandler.class) != null,
                finalStatus, bodyBytes, responseBytes, totalNanos, backendNanos, route.serviceName(),
                meters.destination(), served == null ? null : served.key(), retries);
    }

    /** Gives the service's {@code maxConn} slot back, once. */
    private void releaseSlot() {
        if (holdsSlot) {
            holdsSlot = false;
            context.endpointGroups().connectionLimits().release(route.serviceName());
        }
    }

    /** Whether repeating the request cannot change anything on the backend (RFC 9110 §9.2.1). */
    private static boolean isSafe(HttpMethod method) {
        return method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD) || method.equals(HttpMethod.OPTIONS)
                || method.equals(HttpMethod.TRACE);
    }

    /** The client's hash for consistent hashing: the PROXY header's client on accept-proxy listeners. */
    private long clientHash() {
        InetSocketAddress address = ClientAddress.of(client.channel());
        return address != null ? address.getAddress().hashCode() : 0;
    }

    private void releasePending() {
        HttpContent content;
        while (pending != null && (content = pending.poll()) != null) {
            content.release();
        }
        pendingBytes = 0;
    }
}
