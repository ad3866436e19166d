package dev.swarmgate.proxy.http;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

/**
 * The {@code X-Forwarded-*} headers a backend uses to learn about the original request. The client address is
 * appended to {@code X-Forwarded-For}. Over a TLS connection this proxy terminated, {@code X-Forwarded-Proto} is set
 * to {@code https} whatever the client sent: the proxy knows the scheme, and a client must not be able to make a
 * backend think otherwise. Over plain HTTP, proto, host and port are set only when absent, so an outer load
 * balancer's values (TLS terminated in front of us) survive, as they do with Docker Flow Proxy.
 */
final class ForwardedHeaders {

    static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
    static final AsciiString X_FORWARDED_PORT = AsciiString.cached("x-forwarded-port");
    private static final AsciiString HTTP = AsciiString.cached("http");
    private static final AsciiString HTTPS = AsciiString.cached("https");

    private ForwardedHeaders() {
    }

    /** @param tls whether the request arrived over TLS this proxy terminated */
    static void apply(HttpHeaders headers, String clientAddress, String host, String listenerPort, boolean tls) {
        String forwardedFor = headers.get(X_FORWARDED_FOR);
        if (forwardedFor == null || forwardedFor.isBlank()) {
            headers.set(X_FORWARDED_FOR, clientAddress);
        } else {
            headers.set(X_FORWARDED_FOR, forwardedFor + ", " + clientAddress);
        }
        if (tls) {
            headers.set(X_FORWARDED_PROTO, HTTPS);
        } else if (!headers.contains(X_FORWARDED_PROTO)) {
            headers.set(X_FORWARDED_PROTO, HTTP);
        }
        if (host != null && !headers.contains(X_FORWARDED_HOST)) {
            headers.set(X_FORWARDED_HOST, host);
        }
        if (!headers.contains(X_FORWARDED_PORT)) {
            headers.set(X_FORWARDED_PORT, listenerPort);
        }
    }
}
