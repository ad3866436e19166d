package dev.swarmgate.proxy.http;

import io.netty.handler.codec.http.HttpHeaders;

import java.util.List;

/** The header access request and response rules share, over the headers of the Netty message in view. */
abstract class MessageHeadersView {

    abstract HttpHeaders headers();

    public String header(CharSequence name) {
        List<String> all = headers().getAll(name);
        return all.isEmpty() ? null : all.getLast();
    }

    public void addHeader(CharSequence name, String value) {
        headers().add(name, value);
    }

    public void setHeader(CharSequence name, String value) {
        headers().set(name, value);
    }

    public void removeHeader(CharSequence name) {
        headers().remove(name);
    }
}
