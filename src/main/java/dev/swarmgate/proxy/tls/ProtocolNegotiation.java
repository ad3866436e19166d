package dev.swarmgate.proxy.tls;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SniCompletionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for a TLS connection's handshake and hands the pipeline to HTTP/2 or HTTP/1.1 as ALPN chose (HTTP/1.1 when
 * the client offered none). A failed handshake (garbage instead of a ClientHello, a truncated or stalled one, an
 * unacceptable client certificate) closes that connection alone and is logged at debug only: any client can cause
 * one, so a warning would let them fill the log.
 */
final class ProtocolNegotiation extends ApplicationProtocolNegotiationHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProtocolNegotiation.class);

    private final NegotiatedProtocol next;
    private final HandshakeCounters counters;
    private boolean failed;

    ProtocolNegotiation(NegotiatedProtocol next, HandshakeCounters counters) {
        super(ApplicationProtocolNames.HTTP_1_1);
        this.next = next;
        this.counters = counters;
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
        if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
            next.http2(ctx.pipeline());
        } else {
            next.http1(ctx.pipeline());
        }
        // after the hand-off: one that throws reaches exceptionCaught and counts as a failure instead
        counters.succeeded();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SniCompletionEvent sni && !sni.isSuccess()) {
            fail(ctx, sni.cause());
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause);
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        if (!failed) {
            failed = true;
            counters.failed();
            if (LOG.isDebugEnabled()) {
                LOG.debug("TLS handshake with {} failed: {}", ctx.channel().remoteAddress(), cause);
            }
        }
        ctx.close();
    }
}
