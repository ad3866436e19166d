package dev.swarmgate.testing;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RawHttpTest {

    @Test
    void readsHeadAndBodyOfAWellFormedRequest() {
        try (Nginx nginx = Nginx.start("raw"); RawHttp http = RawHttp.connect(nginx.port())) {
            ResponseHead head = http.write("GET /x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n").readHead();

            assertThat(head.protocol()).isEqualTo("HTTP/1.1");
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.reason()).isEqualTo("OK");
            int length = Integer.parseInt(head.header("content-length").orElseThrow());
            assertThat(new String(http.readBytes(length), StandardCharsets.ISO_8859_1)).isEqualTo("nginx GET /x\n");
            assertThat(http.isClosedByPeer()).isTrue();
        }
    }

    @Test
    void sendsMalformedBytesAsTheyAre() {
        try (Nginx nginx = Nginx.start("raw")) {
            ResponseHead head = RawHttp.exchange(nginx.port(), "GET /\u0001bad HTTP/1.1\r\nHost: a\r\n\r\n");

            assertThat(head.status()).isEqualTo(400);
        }
    }

    @Test
    void reportsAMissingResponseInsteadOfHanging() {
        try (Nginx nginx = Nginx.start("raw");
             RawHttp http = RawHttp.connect(nginx.port(), Duration.ofMillis(300))) {
            http.write("GET / HTTP/1.1\r\n"); // head never finished, so nginx waits

            assertThatThrownBy(http::readHead).hasMessageContaining("no complete response head within");
        }
    }
}
