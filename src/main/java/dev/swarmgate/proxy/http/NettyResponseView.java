package dev.swarmgate.proxy.http;

import dev.swarmgate.routing.rules.ResponseView;
import io.netty.handler.codec.http.HttpResponse;

import java.util.List;

/** The {@link ResponseView} response rules see of a response head; reused like {@link NettyRequestView}. */
final class NettyResponseView implements ResponseView {

    private HttpResponse response;

    NettyResponseView of(HttpResponse response) {
        this.response = response;
        return this;
    }

    @Override
    public int status() {
        return response.status().code();
    }

    @Override
    public String header(CharSequence name) {
        List<String> all = response.headers().getAll(name);
        return all.isEmpty() ? null : all.getLast();
    }

    @Override
    public void addHeader(CharSequence name, String value) {
        response.headers().add(name, value);
    }

    @Override
    public void setHeader(CharSequence name, String value) {
        response.headers().set(name, value);
    }

    @Override
    public void removeHeader(CharSequence name) {
        response.headers().remove(name);
    }
}
