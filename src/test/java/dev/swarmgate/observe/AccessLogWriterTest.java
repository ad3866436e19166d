package dev.swarmgate.observe;

import dev.swarmgate.config.AccessLogSettings;
import dev.swarmgate.config.AccessLogSettings.Format;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class AccessLogWriterTest {

    private static AccessRecord request(String path, int status) {
        return new AccessRecord(0, new InetSocketAddress("10.0.0.7", 1), 80, "GET", "example.com", path, "HTTP/1.1",
                false, status, 0, 0, 1_000_000, 500_000, "app", "app-be80_0", "10.0.1.2:80", 0);
    }

    @Test
    void linesAreWrittenWholeInUtf8AndCountedWhenTheLogCloses() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AccessLog log = AccessLog.of(new AccessLogSettings(Format.JSON, false, 100), out);

        log.offer(request("/caf\u00e9", 200));
        log.offer(request("/\ud83d\ude00", 200));
        log.close();

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text.lines()).hasSize(2);
        assertThat(text).contains("\"path\":\"/caf\u00e9\"").contains("\"path\":\"/\ud83d\ude00\"");
        assertThat(log.written()).isEqualTo(2);
        assertThat(log.dropped()).isZero();
    }

    @Test
    void anErrorsOnlyLogWantsOnlyErrorsAndAnOffLogNothing() {
        AccessLog errors = AccessLog.of(new AccessLogSettings(Format.COMMON, true, 100), OutputStream.nullOutputStream());
        try {
            assertThat(errors.wants(AccessRecord.isError(200))).isFalse();
            assertThat(errors.wants(AccessRecord.isError(404))).isFalse();
            assertThat(errors.wants(AccessRecord.isError(502))).isTrue();
            assertThat(errors.wants(AccessRecord.isError(0))).as("cut short before a head").isTrue();
        } finally {
            errors.close();
        }
        assertThat(AccessLog.of(AccessLogSettings.OFF).wants(true)).isFalse();
    }
}
