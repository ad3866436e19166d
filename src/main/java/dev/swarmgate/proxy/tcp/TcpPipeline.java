package dev.swarmgate.proxy.tcp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;

/** The pipeline of a {@code reqMode=tcp} listener's connections: no codec, just the hand-off to a backend. */
public final class TcpPipeline {

    private TcpPipeline() {
    }

    /**
     * Client socket options of a TCP listener: nothing is read before the backend is connected, and a client's FIN
     * half-closes the tunnel instead of closing it.
     */
    public static void configure(ServerBootstrap bootstrap) {
        bootstrap.childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, TcpProxyContext.WATER_MARK);
    }

    public static void install(ChannelPipeline pipeline, TcpProxyContext context, int port) {
        pipeline.addLast(new TcpFrontendHandler(context, port));
    }
}
