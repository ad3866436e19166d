package dev.swarmgate.proxy.http;

import dev.swarmgate.routing.rules.ResponseView;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;

/** The {@link ResponseView} response rules see of a response head; reused like {@link NettyRequestView}. */
final class NettyResponseView extends MessageHeadersView implements ResponseView {

    private HttpResponse response;

    @Override
    HttpHeaders headers() {
        return response.headers();
    }

    NettyResponseView of(HttpResponse response) {
        this.response = response;
        return this;
    }

    @Override
    public int status() {
        return response.status().code();
    }
}
