package dev.swarmgate.proxy.http;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ErrorPagesTest {

    @Test
    void everyBuiltInPageIsARawHttpResponseWithItsOwnStatus() {
        ErrorPages pages = new ErrorPages(Optional.empty());
        for (int code : ErrorPages.CODES) {
            FullHttpResponse response = pages.response(code, true);
            assertThat(response.status().code()).isEqualTo(code);
            assertThat(response.content().readableBytes()).isPositive();
            assertThat(response.headers().getInt(HttpHeaderNames.CONTENT_LENGTH))
                    .isEqualTo(response.content().readableBytes());
            response.release();
        }
    }

    @Test
    void overrideDirectoryReplacesTheBuiltInPage(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("503.http"), "HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
                + "X-Custom: yes\r\n\r\nback soon\n");
        FullHttpResponse response = new ErrorPages(Optional.of(dir)).response(503, false);
        assertThat(response.headers().get("X-Custom")).isEqualTo("yes");
        assertThat(response.content().toString(StandardCharsets.UTF_8)).isEqualTo("back soon\n");
        assertThat(response.headers().contains(HttpHeaderNames.CONNECTION)).isFalse();
    }

    @Test
    void brokenOverrideFallsBackToTheBuiltInPage(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("502.http"), "this is not an HTTP response");
        FullHttpResponse response = new ErrorPages(Optional.of(dir)).response(502, true);
        assertThat(response.status().code()).isEqualTo(502);
        assertThat(response.content().readableBytes()).isPositive();
        assertThat(response.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("close");
    }

    @Test
    void parseRejectsAStatusLineWithoutNumber() {
        assertThatThrownBy(() -> ErrorPages.parse("HTTP/1.0 abc Oops\r\n\r\n".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not a number");
    }
}
