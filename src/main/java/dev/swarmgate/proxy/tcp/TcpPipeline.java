package dev.swarmgate.proxy.tcp;

import dev.swarmgate.routing.SniTable;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;

/**
 * The pipeline of a {@code reqMode=tcp} or {@code reqMode=sni} listener's connections: no codec, just the hand-off
 * to a backend (after the ClientHello's server name on an sni port).
 */
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

    /**
     * A plain tcp port relays at once; an sni port (one with an {@link SniTable} in the current snapshot) first reads
     * the ClientHello to choose the route by server name.
     */
    public static void install(ChannelPipeline pipeline, TcpProxyContext context, int port) {
        SniTable table = context.snapshot().sniTable(port);
        if (table == null) {
            pipeline.addLast(new TcpFrontendHandler(context, port));
            return;
        }
        TcpFrontendHandler frontend = new TcpFrontendHandler(context, port, true);
        pipeline.addLast(new ServerNameRouter(table, frontend), frontend);
    }
}
