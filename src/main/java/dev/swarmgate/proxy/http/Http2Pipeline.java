package dev.swarmgate.proxy.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;

/**
 * Builds the handlers of an HTTP/2 client connection (ALPN {@code h2}): the frame codec and multiplexer, and per
 * stream a child channel whose request runs through the same admission, rules and exchange as HTTP/1.1, to the same
 * pooled HTTP/1.1 backend connections of the connection's event loop.
 */
public final class Http2Pipeline {

    /**
     * Streams a client may have open at once; more are refused by the codec (RST_STREAM REFUSED_STREAM). As HAProxy's
     * and nginx's default of 100-128: enough for a browser page, few enough that one connection cannot hold a
     * large share of the backend pool.
     */
    static final int MAX_CONCURRENT_STREAMS = 128;
    /**
     * A stream's receive window: the request body a client may send ahead of the backend taking it. As the client
     * connection's high water mark, so an upload is paced the same over both protocols.
     */
    static final int INITIAL_WINDOW = HttpProxyContext.WATER_MARK.high();

    private Http2Pipeline() {
    }

    /** Adds the HTTP/2 handlers of a client connection. */
    public static void install(ChannelPipeline pipeline, HttpProxyContext context, int listenerPort) {
        Http2Settings settings = Http2Settings.defaultSettings()
                .maxConcurrentStreams(MAX_CONCURRENT_STREAMS)
                // The same bound as an HTTP/1.1 request head (larger: the codec answers 431).
                .maxHeaderListSize(HttpPipeline.MAX_HEADERS)
                .initialWindowSize(INITIAL_WINDOW);
        RequestAdmission admission = new RequestAdmission(context, listenerPort);
        Http2ClientConnection connection = new Http2ClientConnection(context.snapshot().timeouts());
        pipeline.addLast(Http2FrameCodecBuilder.forServer()
                .initialSettings(settings)
                .validateHeaders(true)
                // A close (drain, idle) sends GOAWAY and waits for the streams under way: each is bounded by its
                // exchange's own timeouts, as an HTTP/1.1 request under way is when its connection drains.
                .gracefulShutdownTimeoutMillis(-1)
                .build());
        pipeline.addLast(new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel stream) {
                connection.streamOpened(stream);
                stream.pipeline().addLast(
                        new Http2ConnectRefusal(context.errorPages()),
                        // Also writes a 1xx as a HEADERS frame that leaves the stream open; a 101 (meaningless in
                        // HTTP/2, RFC 9113 §8.6) fails to encode, which resets the stream.
                        new Http2StreamFrameToHttpObjectCodec(true),
                        new Http2StreamFrontend(context, admission));
            }
        }));
        pipeline.addLast(connection);
    }
}
