package dev.swarmgate.proxy.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

import java.util.List;

/**
 * Removes the headers that describe one connection and must not cross a proxy (RFC 9110 §7.6.1), including those
 * the {@code Connection} header names, except the ones that frame the message or name its authority.
 */
final class HopByHopHeaders {

    /**
     * Never removable through {@code Connection}: the framing was decided from them, so dropping them would forward a
     * body the next hop cannot delimit (request smuggling), and a request without {@code Host} is invalid.
     */
    private static final List<AsciiString> PROTECTED = List.of(
            HttpHeaderNames.CONTENT_LENGTH, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.HOST);

    private HopByHopHeaders() {
    }

    static void strip(HttpHeaders headers) {
        List<String> connection = headers.getAll(HttpHeaderNames.CONNECTION);
        if (!connection.isEmpty()) {
            for (String value : connection) {
                // "Connection: keep-alive, X-Foo" also names X-Foo as hop-by-hop.
                for (String token : value.split(",")) {
                    String name = token.trim();
                    if (!name.isEmpty() && !isProtected(name)) {
                        headers.remove(name);
                    }
                }
            }
            headers.remove(HttpHeaderNames.CONNECTION);
        }
        headers.remove(HttpHeaderNames.KEEP_ALIVE);
        headers.remove(HttpHeaderNames.PROXY_CONNECTION);
        headers.remove(HttpHeaderNames.TE);
        headers.remove(HttpHeaderNames.TRAILER);
        headers.remove(HttpHeaderNames.UPGRADE);
        headers.remove(HttpHeaderNames.PROXY_AUTHORIZATION);
        headers.remove(HttpHeaderNames.PROXY_AUTHENTICATE);
    }

    private static boolean isProtected(String name) {
        for (AsciiString header : PROTECTED) {
            if (header.contentEqualsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
