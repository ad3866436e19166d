package dev.swarmgate.proxy.http;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ForwardedHeadersTest {

    @Test
    void appendsClientToAnExistingForwardedForChain() {
        HttpHeaders headers = new DefaultHttpHeaders().add("X-Forwarded-For", "203.0.113.7");
        ForwardedHeaders.apply(headers, "10.0.0.9", "example.com", "80", false);
        assertThat(headers.getAll("X-Forwarded-For")).containsExactly("203.0.113.7, 10.0.0.9");
    }

    @Test
    void setsProtoHostAndPortWhenAbsent() {
        HttpHeaders headers = new DefaultHttpHeaders();
        ForwardedHeaders.apply(headers, "10.0.0.9", "example.com:8080", "8080", false);
        assertThat(headers.get("X-Forwarded-For")).isEqualTo("10.0.0.9");
        assertThat(headers.get("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(headers.get("X-Forwarded-Host")).isEqualTo("example.com:8080");
        assertThat(headers.get("X-Forwarded-Port")).isEqualTo("8080");
    }

    @Test
    void keepsProtoSetByAnOuterLoadBalancer() {
        HttpHeaders headers = new DefaultHttpHeaders().add("X-Forwarded-Proto", "https");
        ForwardedHeaders.apply(headers, "10.0.0.9", null, "80", false);
        assertThat(headers.get("X-Forwarded-Proto")).isEqualTo("https");
        assertThat(headers.contains("X-Forwarded-Host")).isFalse();
    }

    @Test
    void overTlsProtoIsHttpsWhateverTheClientSent() {
        HttpHeaders headers = new DefaultHttpHeaders().add("X-Forwarded-Proto", "http");
        ForwardedHeaders.apply(headers, "10.0.0.9", "example.com", "443", true);
        assertThat(headers.getAll("X-Forwarded-Proto")).containsExactly("https");
    }
}
