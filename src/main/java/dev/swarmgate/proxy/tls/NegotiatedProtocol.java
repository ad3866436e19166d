package dev.swarmgate.proxy.tls;

import io.netty.channel.ChannelPipeline;

/** What a TLS connection's pipeline continues with once the handshake chose the application protocol (ALPN). */
public interface NegotiatedProtocol {

    /** HTTP/1.1 (also when the client offered no ALPN). */
    void http1(ChannelPipeline pipeline);

    /** HTTP/2 ({@code h2}). */
    void http2(ChannelPipeline pipeline);
}
