package dev.swarmgate.proxy.http;

import dev.swarmgate.config.Limits;
import dev.swarmgate.config.Timeouts;
import dev.swarmgate.routing.Route;
import dev.swarmgate.routing.Snapshot;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;

/**
 * What the two client sides (an HTTP/1.1 connection, an HTTP/2 stream) do alike for the exchange under way: read
 * pauses, the views rules get, the forwarded headers, and passing the client's writability on to the exchange. Each
 * subclass sets {@link #attach} when its channel is known and keeps {@link #exchange} current.
 */
abstract class ClientSideHandler extends ChannelInboundHandlerAdapter implements ClientSide {

    final HttpProxyContext context;
    final RequestAdmission admission;
    /** Set by {@link #attach}: the handler's context, and the timeouts and limits of the snapshot current then. */
    ChannelHandlerContext ctx;
    Timeouts timeouts;
    Limits limits;
    /** The exchange under way, null between requests. */
    Exchange exchange;
    ReadPauses pauses;
    ClientViews views;

    ClientSideHandler(HttpProxyContext context, RequestAdmission admission) {
        this.context = context;
        this.admission = admission;
    }

    /** Takes the channel this handler was added to: its pauses, its views, the current timeouts and limits. */
    final void attach(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        Snapshot snapshot = context.snapshot();
        this.timeouts = snapshot.timeouts();
        this.limits = snapshot.limits();
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
