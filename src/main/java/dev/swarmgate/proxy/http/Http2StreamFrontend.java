package dev.swarmgate.proxy.http;

import dev.swarmgate.proxyprotocol.ClientAddress;
import dev.swarmgate.routing.rules.LocalReply;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http2.HttpConversionUtil.ExtensionHeaderNames;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * The client side of one HTTP/2 stream: its request, turned into HTTP/1.1 objects by the stream codec, goes through
 * the same admission, rules and {@link Exchange} as an HTTP/1.1 request, and the response goes back on the stream.
 * A stream carries exactly one exchange, so ending it early (a refusal with a body still coming, an aborted response,
 * a timeout) resets the stream, never the connection; the stream channel's auto-read is the back-pressure toward the
 * client (no window update until the backend took the body), its writability the client's flow-control window.
 */
final class Http2StreamFrontend extends ClientSideHandler implements RequestAdmission.Refusals {

    private static final Logger LOG = LoggerFactory.getLogger(Http2StreamFrontend.class);

    private DeadlineTimer timer;

    /** The stream's request was answered (or refused): whatever else arrives on it is dropped. */
    private boolean answered;
    private long start;
    private long lastClientActivity;

    Http2StreamFrontend(HttpProxyContext context, RequestAdmission admission) {
        super(context, admission);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        attach(ctx);
        this.timer = new DeadlineTimer(ctx.executor(), this::onTimer);
    }

    // ---- reading ----------------------------------------------------------------------------------------------

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastClientActivity = System.nanoTime();
        dispatch(msg);
    }

    private void dispatch(Object msg) {
        if (exchange != null && !exchange.requestComplete() && msg instanceof HttpContent content) {
            exchange.onClientContent(content);
            return;
        }
        if (exchange == null && !answered && msg instanceof HttpRequest request) {
            startExchange(request);
            return;
        }
        // The rest of a request answered before its end, or its end after a bodyless one was answered.
        ReferenceCountUtil.release(msg);
    }

    private void startExchange(HttpRequest received) {
        HttpRequest request = received;
        HttpContent end = null;
        if (received instanceof FullHttpRequest full) {
            // HEADERS with END_STREAM: the exchange takes the head and the (empty) end apart, as HTTP/1.1 gives them.
            request = new DefaultHttpRequest(full.protocolVersion(), full.method(), full.uri(), full.headers());
            end = new DefaultLastHttpContent(full.content(), full.trailingHeaders());
        }
        int refusal = streamRefusal(request);
        if (refusal != RequestHeadCheck.ACCEPTABLE) {
            ReferenceCountUtil.release(end);
            refuse(LocalReply.of(refusal), true);
            return;
        }
        Exchange admitted = admission.admit(request, requestView(), this, ctx, false, this);
        if (admitted == null) {
            ReferenceCountUtil.release(end);
            return;
        }
        exchange = admitted;
        start = System.nanoTime();
        timer.arm(admitted.firstDeadline(start, timeouts, limits));
        admitted.start();
        if (end != null) {
            dispatch(end);
        }
    }

    /**
     * What HTTP/2 adds to the HTTP/1.1 head checks, after the stream codec's conversion: the codec's own extension
     * headers go (a backend must not see them), {@code :authority} is the Host the route is found with (a Host the
     * client sent too must name the same, RFC 9113 §8.3.1: the codec refuses one that differs, an equal one is kept
     * once), and {@code :path} is as long as an HTTP/1.1 request line may be.
     */
    private static int streamRefusal(HttpRequest request) {
        HttpHeaders headers = request.headers();
        headers.remove(ExtensionHeaderNames.STREAM_ID.text());
        headers.remove(ExtensionHeaderNames.SCHEME.text());
        headers.remove(ExtensionHeaderNames.PATH.text());
        List<String> hosts = headers.getAll(HttpHeaderNames.HOST);
        if (hosts.size() > 1) {
            String first = hosts.getFirst();
            for (String host : hosts) {
                if (!host.equalsIgnoreCase(first)) {
                    return 400;
                }
            }
            headers.set(HttpHeaderNames.HOST, first);
        }
        return request.uri().length() > HttpPipeline.MAX_REQUEST_LINE ? 414 : RequestHeadCheck.ACCEPTABLE;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.onClientReadComplete();
        }
    }

    /** Answers the stream's request itself; {@code close} resets the stream after the answer if the request goes on. */
    @Override
    public void refuse(LocalReply reply, boolean close) {
        answered = true;
        ChannelFuture written = ctx.writeAndFlush(context.errorPages().response(reply, close));
        if (close) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    // ---- exchange life ----------------------------------------------------------------------------------------

    @Override
    public void exchangeFinished(Exchange finished, boolean keepAlive) {
        if (exchange != finished) {
            return;
        }
        exchange = null;
        answered = true;
        timer.cancel();
        // What still arrives is dropped; reading on lets the stream's end (and its window) through.
        pauses.clear();
    }

    /** Never asked: an HTTP/2 request cannot ask for an upgrade (the codec refuses {@code Upgrade} on a stream). */
    @Override
    public void becomeTunnel(Channel backend, Duration idleLimit) {
        backend.close();
        ctx.close();
    }

    /** The stream ended: reset by the client, or its connection closed (GOAWAY, a reset, a timeout). */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        timer.cancel();
        Exchange current = exchange;
        exchange = null;
        if (current != null) {
            current.onClientClosed();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException && exchange == null && !answered) {
            // The stream codec could not make an HTTP/1.1 request of the stream's HEADERS (a Host that conflicts
            // with :authority, ...): a malformed request, answered as HTTP/1.1 answers one.
            LOG.debug("HTTP/2 request of {} refused: {}", ClientAddress.of(ctx.channel()), cause.toString());
            refuse(LocalReply.of(400), true);
            return;
        }
        LOG.debug("HTTP/2 stream of {} failed: {}", ClientAddress.of(ctx.channel()), cause.toString());
        ctx.close();
    }

    // ---- timeouts ---------------------------------------------------------------------------------------------

    private void onTimer() {
        Exchange current = exchange;
        if (current == null) {
            return;
        }
        long now = System.nanoTime();
        long deadline = current.deadline(start, lastClientActivity, timeouts, limits);
        if (now < deadline) {
            timer.arm(deadline);
            return;
        }
        current.onDeadlinePassed();
    }
}
