package dev.swarmgate.routing.rules;

import dev.swarmgate.config.Compression;
import dev.swarmgate.config.Compression.Coding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class CompressionPolicyTest {

    private static final CompressionPolicy GZIP_TEXT =
            CompressionPolicy.of(new Compression(List.of(Coding.GZIP, Coding.DEFLATE), List.of()));

    /** A response head as the policy sees it; names case-insensitive. */
    private record Head(int status, Map<String, String> headers) implements ResponseView {

        static Head of(int status, String... namesAndValues) {
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 0; i < namesAndValues.length; i += 2) {
                headers.put(namesAndValues[i], namesAndValues[i + 1]);
            }
            return new Head(status, headers);
        }

        @Override
        public String header(CharSequence name) {
            return headers.get(name.toString());
        }

        @Override
        public void addHeader(CharSequence name, String value) {
            throw new AssertionError("the policy must not edit the head");
        }

        @Override
        public void setHeader(CharSequence name, String value) {
            throw new AssertionError("the policy must not edit the head");
        }

        @Override
        public void removeHeader(CharSequence name) {
            throw new AssertionError("the policy must not edit the head");
        }
    }

    private static Head html(int status, String... more) {
        String[] all = new String[more.length + 4];
        all[0] = "Content-Type";
        all[1] = "text/html; charset=utf-8";
        all[2] = "Content-Length";
        all[3] = "2048";
        System.arraycopy(more, 0, all, 4, more.length);
        return Head.of(status, all);
    }

    @Test
    void aTextResponseToAGzipClientIsCompressedWithGzip() {
        assertThat(GZIP_TEXT.select("gzip, deflate", html(200))).isEqualTo(Coding.GZIP);
    }

    @Test
    void aClientAcceptingNothingGetsIdentity() {
        assertThat(GZIP_TEXT.select(null, html(200))).isNull();
        assertThat(GZIP_TEXT.select("br", html(200))).isNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {201, 202, 203})
    void otherSuccessfulStatusesAreCompressed(int status) {
        assertThat(GZIP_TEXT.select("gzip", html(status))).isEqualTo(Coding.GZIP);
    }

    @ParameterizedTest
    @ValueSource(ints = {204, 206, 301, 304, 404, 500})
    void otherStatusesAreNot(int status) {
        assertThat(GZIP_TEXT.select("gzip", html(status))).isNull();
    }

    @Test
    void anEncodedResponseIsNotEncodedTwice() {
        assertThat(GZIP_TEXT.select("gzip", html(200, "Content-Encoding", "gzip"))).isNull();
        assertThat(GZIP_TEXT.select("gzip", html(200, "Content-Encoding", "br"))).isNull();
    }

    @Test
    void aRangeIsNotCompressed() {
        assertThat(GZIP_TEXT.select("gzip", html(200, "Content-Range", "bytes 0-99/2048"))).isNull();
    }

    @Test
    void noTransformIsHonoured() {
        assertThat(GZIP_TEXT.select("gzip", html(200, "Cache-Control", "public, No-Transform"))).isNull();
        assertThat(GZIP_TEXT.select("gzip", html(200, "Cache-Control", "public, max-age=60"))).isEqualTo(Coding.GZIP);
    }

    @Test
    void aTinyBodyIsNotCompressedButOneOfUnknownLengthIs() {
        assertThat(GZIP_TEXT.select("gzip", Head.of(200, "Content-Type", "text/plain", "Content-Length", "255")))
                .isNull();
        assertThat(GZIP_TEXT.select("gzip", Head.of(200, "Content-Type", "text/plain", "Content-Length", "256")))
                .isEqualTo(Coding.GZIP);
        assertThat(GZIP_TEXT.select("gzip", Head.of(200, "Content-Type", "text/plain", "Transfer-Encoding",
                "chunked"))).isEqualTo(Coding.GZIP);
        assertThat(GZIP_TEXT.select("gzip", Head.of(200, "Content-Type", "text/plain", "Content-Length", "x")))
                .isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/html", "TEXT/HTML; charset=UTF-8", "text/plain", "text/css",
            "application/javascript", "application/json", "application/xml", "image/svg+xml", " text/csv ;x=y"})
    void defaultTypesAreText(String contentType) {
        assertThat(GZIP_TEXT.typeMatches(contentType)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"image/png", "image/jpeg", "application/octet-stream", "video/mp4", "application/zip",
            "font/woff2", "text/event-stream", "multipart/form-data", "text/htmlx", "text"})
    void defaultTypesLeaveOutWhatIsCompressedOrStreamed(String contentType) {
        assertThat(GZIP_TEXT.typeMatches(contentType)).isFalse();
    }

    @Test
    void aResponseWithoutContentTypeIsNotCompressed() {
        assertThat(GZIP_TEXT.select("gzip", Head.of(200, "Content-Length", "4096"))).isNull();
    }

    @Test
    void givenTypesReplaceTheDefaults() {
        CompressionPolicy policy = CompressionPolicy.of(new Compression(List.of(Coding.GZIP),
                List.of("application/wasm", "image/*", "font/")));

        assertThat(policy.typeMatches("application/wasm")).isTrue();
        assertThat(policy.typeMatches("image/bmp")).isTrue();
        assertThat(policy.typeMatches("font/ttf")).isTrue();
        assertThat(policy.typeMatches("text/html")).isFalse();
        assertThat(policy.typeMatches("image/")).isFalse();
    }

    @Test
    void multipartIsNeverCompressed() {
        CompressionPolicy policy = CompressionPolicy.of(new Compression(List.of(Coding.GZIP),
                List.of("multipart/*")));

        assertThat(policy.typeMatches("multipart/mixed")).isFalse();
    }

    @Test
    void theRoutesOrderBreaksATie() {
        CompressionPolicy deflateFirst = CompressionPolicy.of(new Compression(List.of(Coding.DEFLATE, Coding.GZIP),
                List.of()));

        assertThat(deflateFirst.select("gzip, deflate", html(200))).isEqualTo(Coding.DEFLATE);
        assertThat(deflateFirst.select("gzip", html(200))).isEqualTo(Coding.GZIP);
    }

    @Test
    void theRouteSwitchesCompressionOnForItsRule() {
        Compression rule = new Compression(List.of(Coding.GZIP), List.of("text/html"));

        RouteRules rules = RulesCompiler.compile(List.of(rule), java.util.Optional.empty());

        assertThat(rules.compression()).isNotNull();
        assertThat(rules.compression().compression()).isEqualTo(rule);
        assertThat(RulesCompiler.compile(List.of(), java.util.Optional.empty()).compression()).isNull();
    }
}
