package dev.swarmgate.proxy.http;

import dev.swarmgate.routing.Route;
import dev.swarmgate.routing.RouteTable;
import dev.swarmgate.routing.Snapshot;
import dev.swarmgate.routing.rules.LocalReply;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;

import java.util.Locale;

/**
 * What every request passes before its exchange starts, whichever protocol carried it (an HTTP/1.1 connection or an
 * HTTP/2 stream): the head checks, the listener's route table, the redirects that come before routing and the route
 * match. A request that passes becomes an {@link Exchange}; one that does not is answered through {@link Refusals},
 * so the same request gets the same answer over both protocols. One per client connection (not shared between
 * event loops).
 */
final class RequestAdmission {

    /** How a client side answers a request that is not admitted. */
    interface Refusals {

        /** Answers {@code reply}; {@code close} ends what carries the request (connection or stream) after it. */
        void refuse(LocalReply reply, boolean close);
    }

    private final HttpProxyContext context;
    private final int listenerPort;
    private final String listenerPortText;
    private Snapshot tableSnapshot;
    private RouteTable table;

    RequestAdmission(HttpProxyContext context, int listenerPort) {
        this.context = context;
        this.listenerPort = listenerPort;
        this.listenerPortText = Integer.toString(listenerPort);
    }

    int listenerPort() {
        return listenerPort;
    }

    /**
     * Checks and routes {@code request}; returns its exchange (not started yet), or null when {@code refusals} was
     * told how to answer it instead.
     *
     * @param draining whether the connection closes after this request (the listener is going away)
     */
    Exchange admit(HttpRequest request, NettyRequestView view, ClientSide side, ChannelHandlerContext client,
                   boolean draining, Refusals refusals) {
        if (request.decoderResult().isFailure()) {
            refusals.refuse(LocalReply.of(statusFor(request.decoderResult().cause())), true);
            ReferenceCountUtil.release(request);
            return null;
        }
        int refusal = RequestHeadCheck.refusal(request);
        if (refusal != RequestHeadCheck.ACCEPTABLE) {
            refusals.refuse(LocalReply.of(refusal), true);
            return null;
        }
        String uri = request.uri();
        HttpHeaders headers = request.headers();
        String expect = headers.get(HttpHeaderNames.EXPECT);
        if (expect != null && !HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect)) {
            refusals.refuse(LocalReply.of(417), true);
            return null;
        }
        String path = uri;
        String host = headers.get(HttpHeaderNames.HOST);
        if (uri.equals("*") && request.method().equals(HttpMethod.OPTIONS)) {
            path = "/"; // asterisk form: about the server as a whole, routed like the root (RFC 9112 §3.2.4)
        } else if (uri.charAt(0) != '/') {
            // Absolute form: its authority replaces Host (RFC 9112 §3.2.2), and backends expect origin form.
            AbsoluteTarget target = AbsoluteTarget.parse(uri);
            if (target == null) {
                refusals.refuse(LocalReply.of(400), true);
                return null;
            }
            host = target.authority();
            headers.set(HttpHeaderNames.HOST, host);
            request.setUri(target.pathAndQuery());
            path = target.pathAndQuery();
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request) && !draining;
        boolean bodyless = !HttpUtil.isTransferEncodingChunked(request) && HttpUtil.getContentLength(request, 0L) == 0;
        StatsPage stats = context.statsPage();
        if (stats.claims(request.uri())) {
            // Ahead of routing: a service on /admin keeps /admin, only the page's own target is taken.
            String authorization = headers.get(HttpHeaderNames.AUTHORIZATION);
            refusals.refuse(stats.answer(request.method().name(), request.uri(),
                    authorization == null ? "" : authorization), !keepAlive || !bodyless);
            return null;
        }
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        RouteTable routes = routeTable();
        view.of(request);
        boolean clientHttp11 = request.protocolVersion() == HttpVersion.HTTP_1_1;
        LocalReply beforeRouting = routes.redirectBeforeRouting(view);
        if (beforeRouting != null) {
            refusals.refuse(beforeRouting, beforeRouting.close() || !keepAlive || !bodyless);
            return null;
        }
        Route route = routes.match(host, path, view);
        if (route == null) {
            refusals.refuse(LocalReply.of(503), !keepAlive || !bodyless);
            return null;
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
        return new Exchange(side, client, context, request, route, keepAlive, bodyless, clientHttp11, upgrade,
                expectsContinue, host);
    }

    /**
     * Adds what the backend needs to learn about the original request once the route's rules let it through:
     * the {@code X-Forwarded-*} headers (after the rules, so a rule reads what the client sent) and a Host when
     * the client sent none.
     */
    void prepareForwarding(HttpRequest request, String host, Route route, ClientViews client) {
        ForwardedHeaders.apply(request.headers(), client.clientAddress(), host, listenerPortText,
                client.request().tls());
        if (host == null) {
            request.headers().set(HttpHeaderNames.HOST, route.target().toString());
        }
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

    private static int statusFor(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return 414;
        }
        if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
            return 431;
        }
        return 400;
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
}
