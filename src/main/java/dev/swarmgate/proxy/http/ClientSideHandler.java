package dev.swarmgate.proxy.http;

import dev.swarmgate.routing.Route;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;

/**
 * What the two client sides (an HTTP/1.1 connection, an HTTP/2 stream) do alike for the exchange under way: read
 * pauses, the views rules get, the forwarded headers, and passing the client's writability on to the exchange. Each
 * subclass sets {@link #attach} when its channel is known and keeps {@link #exchange} current.
 */
abstract class ClientSideHandler extends ChannelInboundHandlerAdapter implements ClientSide {

    final RequestAdmission admission;
    /** The exchange under way, null between requests. */
    Exchange exchange;
    ReadPauses pauses;
    ClientViews views;

    ClientSideHandler(RequestAdmission admission) {
        this.admission = admission;
    }

    /** Makes the pauses and the views of the channel this handler was added to. */
    final void attach(ChannelHandlerContext ctx) {
        this.pauses = new ReadPauses(ctx.channel());
        this.views = new ClientViews(ctx.channel());
    }

    @Override
    public final NettyRequestView requestView() {
        return views.request();
    }

    @Override
    public final NettyResponseView responseView() {
        return views.response();
    }

    @Override
    public final void prepareForwarding(HttpRequest request, String host, Route route) {
        admission.prepareForwarding(request, host, route, views);
    }

    @Override
    public final void pauseReading(int reason) {
        pauses.pause(reason);
    }

    @Override
    public final void resumeReading(int reason) {
        pauses.resume(reason);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.onClientWritabilityChanged(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }
}
