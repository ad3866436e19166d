package dev.swarmgate.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

class AccessLineFormatTest {

    private static final long AT = 1_796_655_081_322L; // 2026-12-07T14:51:21.322Z

    private static AccessRecord request(String host, String path) {
        return new AccessRecord(AT, new InetSocketAddress("10.0.0.7", 49232), 80, "GET", host, path, "HTTP/1.1",
                true, 503, 12, 345, 55_321_000, -1, "go-demo", "go-demo-be8080_0", null, 2);
    }

    @Test
    void jsonLinesEscapeWhatAClientSentSoNoLineSplits() throws Exception {
        StringBuilder line = new StringBuilder();
        AccessLineFormat.json().append(request("ex\"ample\u0001.com", "/a\\b\nc\u00e9"), line);

        assertThat(line.toString()).endsWith("}\n").doesNotContain("\n{").hasLineCount(1);
        JsonNode entry = new ObjectMapper().readTree(line.toString());
        assertThat(entry.path("host").asText()).isEqualTo("ex\"ample\u0001.com");
        assertThat(entry.path("path").asText()).isEqualTo("/a\\b\nc\u00e9");
        assertThat(entry.path("time").asText()).isEqualTo("2026-12-07T14:51:21.322Z");
        assertThat(entry.path("duration_ms").asDouble()).isEqualTo(55.321);
        assertThat(entry.has("backend_ms")).as("no backend answered").isFalse();
        assertThat(entry.has("endpoint")).isFalse();
        assertThat(entry.path("tls").asBoolean()).isTrue();
        assertThat(entry.path("retries").asInt()).isEqualTo(2);
    }

    @Test
    void commonLinesEscapeQuotesAndControls() {
        StringBuilder line = new StringBuilder();
        AccessLineFormat.common().append(request("example.com", "/say \"hi\"\r\n"), line);

        assertThat(line.toString()).isEqualTo("10.0.0.7 - - [07/Dec/2026:14:51:21 +0000] \"GET /say \\\"hi\\\"\\x0d\\x0a"
                + " HTTP/1.1\" 503 345 \"example.com\" go-demo go-demo-be8080_0 - 55.321ms in=12 retries=2 tls\n");
    }
}
