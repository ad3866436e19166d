package dev.swarmgate.proxy.http;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;

/** Builds the handlers of an accepted HTTP/1.x client connection. */
public final class HttpPipeline {

    /** Longest request line accepted (longer: 414). */
    static final int MAX_REQUEST_LINE = 8192;
    /** Largest header block accepted (larger: 431). */
    static final int MAX_HEADERS = 32768;

    private HttpPipeline() {
    }

    /** Adds the HTTP handlers of a client connection. */
    public static void install(ChannelPipeline pipeline, HttpProxyContext context, int listenerPort) {
        HttpFrontendHandler frontend = new HttpFrontendHandler(context, listenerPort);
        HttpDecoderConfig decoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_REQUEST_LINE)
                .setMaxHeaderSize(MAX_HEADERS)
                .setMaxChunkSize(65536);
        pipeline.addLast(new ClientBytesObserver(frontend));
        pipeline.addLast(new HttpServerCodec(decoder));
        pipeline.addLast(frontend);
    }
}
