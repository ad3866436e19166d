package dev.swarmgate.proxy.http;

import io.netty.channel.ChannelPipeline;

/**
 * Builds the handlers of an HTTP/2 client connection (ALPN {@code h2}): the frame codec and multiplexer, and per
 * stream a child channel whose request runs through the same routing, rules and exchange as HTTP/1.1.
 */
public final class Http2Pipeline {

    private Http2Pipeline() {
    }

    /** Adds the HTTP/2 handlers of a client connection. */
    public static void install(ChannelPipeline pipeline, HttpProxyContext context, int listenerPort) {
        throw new UnsupportedOperationException("HTTP/2 is not wired yet");
    }
}
