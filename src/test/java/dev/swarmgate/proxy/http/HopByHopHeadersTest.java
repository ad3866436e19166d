package dev.swarmgate.proxy.http;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HopByHopHeadersTest {

    @Test
    void removesStandardHopByHopHeadersAndThoseNamedInConnection() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .add("Connection", "keep-alive, X-Session-Hop")
                .add("Keep-Alive", "timeout=5")
                .add("X-Session-Hop", "1")
                .add("Proxy-Authorization", "Basic Zm9v")
                .add("TE", "trailers")
                .add("Upgrade", "h2c")
                .add("X-End-To-End", "kept");
        HopByHopHeaders.strip(headers);
        assertThat(headers.names()).containsExactly("X-End-To-End");
    }
}
