package dev.swarmgate.proxy.tcp;

import dev.swarmgate.routing.SniTable;
import dev.swarmgate.routing.TcpRoute;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.AbstractSniHandler;
import io.netty.util.concurrent.Future;

/**
 * The SNI peek of a {@code reqMode=sni} port (TLS passthrough): reads the client's ClientHello without consuming it,
 * takes the server name from it, asks the port's {@link SniTable} for the route and hands that route to the
 * {@link TcpFrontendHandler} behind it, then leaves the pipeline; the buffered ClientHello flows on to the frontend
 * unchanged and is the first thing relayed, so the backend does the handshake as if the client had connected to it.
 * Nothing is ever decrypted here.
 *
 * <p>Bounds: the whole ClientHello must arrive within the table's {@link SniTable#helloTimeout()} (DFP's
 * {@code tcp-request inspect-delay 5s}) and be at most {@link #MAX_CLIENT_HELLO} bytes. Bytes that are not a TLS
 * handshake, a ClientHello without a server name, a name no route takes, an oversized or late ClientHello: the
 * connection is closed and counted as refused by the frontend, logged at debug only.
 */
final class ServerNameRouter extends AbstractSniHandler<TcpRoute> {

    /**
     * Largest ClientHello accepted. Browsers send 0.5 to 2 KiB (a post-quantum key share included); session tickets
     * and many extensions stay well below this, and it bounds what one silent client can make the proxy hold.
     */
    static final int MAX_CLIENT_HELLO = 32 * 1024;

    private final SniTable table;
    private final TcpFrontendHandler frontend;

    ServerNameRouter(SniTable table, TcpFrontendHandler frontend) {
        super(MAX_CLIENT_HELLO, Math.max(1, table.helloTimeout().toMillis()));
        this.table = table;
        this.frontend = frontend;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        super.channelActive(ctx);
        // The listener reads nothing on its own (AUTO_READ off); ask for the ClientHello. The decoder asks for more
        // itself until it has it.
        ctx.read();
    }

    @Override
    protected Future<TcpRoute> lookup(ChannelHandlerContext ctx, String serverName) {
        return ctx.executor().newSucceededFuture(table.route(serverName));
    }

    @Override
    protected void onLookupComplete(ChannelHandlerContext ctx, String serverName, Future<TcpRoute> future) {
        TcpRoute route = future.getNow();
        if (route == null) {
            frontend.unrouted(serverName == null ? "the connection did not start with a TLS ClientHello naming a"
                    + " server (SNI)" : "no reqMode=sni service takes the server name " + printable(serverName));
            return;
        }
        frontend.routeTo(route, serverName);
        // Leaving the pipeline hands the buffered ClientHello to the frontend, which relays it first.
        ctx.pipeline().remove(this);
    }

    private static String printable(String name) {
        return name.length() <= 253 && name.chars().allMatch(c -> c > 0x20 && c < 0x7f) ? name : "<unprintable>";
    }
}
