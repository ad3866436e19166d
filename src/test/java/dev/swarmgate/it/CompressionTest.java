package dev.swarmgate.it;

import dev.swarmgate.testing.Curl;
import dev.swarmgate.testing.Nginx;
import dev.swarmgate.testing.RawBackend;
import dev.swarmgate.testing.RawHttp;
import dev.swarmgate.testing.ResponseHead;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code compressionAlgo} through the running gateway (docs/proxying.md, "Compression"): real nginx and raw
 * backends, curl, the JDK client and a raw socket as clients.
 */
class CompressionTest {

    private static final String PAGE = "<li>Swarmgate compresses text for clients that accept it.</li>\n".repeat(40);
    private static final String BIG = "line of a large streamed text body, number ".repeat(30_000);

    private static Nginx nginx;
    private static RawBackend chunked;
    private GatewayUnderTest gateway;
    private final HttpClient jdk = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void backends() throws IOException {
        nginx = Nginx.builder("c")
                .location("location = /logo.png { default_type image/png; return 200 \"" + "png".repeat(200)
                        + "\"; }")
                .location("location /selfgz/ { gzip on; gzip_min_length 1; gzip_types text/plain; alias www/; }")
                .location("location /plain/ { alias www/; }")
                .start();
        Files.writeString(nginx.staticRoot().resolve("page.html"), PAGE);
        Files.writeString(nginx.staticRoot().resolve("big.txt"), BIG);
        Files.writeString(nginx.staticRoot().resolve("note.txt"), PAGE);
        chunked = RawBackend.start(connection -> {
            String head;
            while ((head = connection.readHead()) != null) {
                connection.readBody(head);
                StringBuilder response = new StringBuilder(
                        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n");
                for (String part : new String[] {PAGE.substring(0, 100), PAGE.substring(100, 1500),
                        PAGE.substring(1500)}) {
                    response.append(Integer.toHexString(part.length())).append("\r\n").append(part).append("\r\n");
                }
                connection.write(response.append("0\r\n\r\n").toString());
            }
        });
    }

    @AfterAll
    static void stopBackends() {
        nginx.close();
        chunked.close();
    }

    @BeforeEach
    void startProxy() {
        gateway = GatewayUnderTest.start();
        gateway.route("web", nginx.port(), "servicePath=/&compressionAlgo=gzip%20deflate");
        gateway.route("stream", chunked.port(), "servicePath=/chunked&compressionAlgo=gzip");
        gateway.route("plain", nginx.port(), "servicePath=/plain");
    }

    @AfterEach
    void stopProxy() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private HttpResponse<byte[]> get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url(path)))
                .timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return jdk.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String gunzip(byte[] body) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void curlCompressedGetsAGzipBodyThatDecodesToThePage() {
        Curl.Response response = Curl.include("--compressed", gateway.url("/static/page.html"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.head().header("Content-Encoding")).contains("gzip");
        assertThat(response.head().header("Vary")).contains("Accept-Encoding");
        assertThat(response.head().header("Content-Length")).isEmpty();
        assertThat(response.head().header("Transfer-Encoding")).contains("chunked");
        assertThat(response.head().header("ETag")).hasValueSatisfying(etag -> assertThat(etag).startsWith("W/\""));
        assertThat(response.body()).isEqualTo(PAGE);
    }

    @Test
    void aClientWithoutAcceptEncodingGetsIdentity() {
        Curl.Response response = Curl.include(gateway.url("/static/page.html"));

        assertThat(response.head().header("Content-Encoding")).isEmpty();
        assertThat(response.head().header("Content-Length")).contains(String.valueOf(PAGE.length()));
        assertThat(response.body()).isEqualTo(PAGE);
    }

    @Test
    void deflateIsAZlibStreamWhenTheClientPrefersIt() throws IOException {
        HttpResponse<byte[]> response = get("/static/page.html", "Accept-Encoding", "gzip;q=0.5, deflate");

        assertThat(response.headers().firstValue("Content-Encoding")).contains("deflate");
        try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(response.body()))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(PAGE);
        }
    }

    @Test
    void aResponseTheBackendGzippedPassesUntouched() {
        HttpResponse<byte[]> response = get("/selfgz/note.txt", "Accept-Encoding", "gzip");

        assertThat(response.headers().allValues("Content-Encoding")).containsExactly("gzip");
        assertThat(response.headers().allValues("Vary")).as("nginx sends no Vary; the proxy would add one")
                .isEmpty();
        assertThat(gunzip(response.body())).as("compressed once, by nginx").isEqualTo(PAGE);
    }

    @Test
    void aRangeIsAnsweredUncompressed() {
        Curl.Response response = Curl.include("--compressed", "-H", "Range: bytes=0-99",
                gateway.url("/static/page.html"));

        assertThat(response.status()).isEqualTo(206);
        assertThat(response.head().header("Content-Encoding")).isEmpty();
        assertThat(response.body()).isEqualTo(PAGE.substring(0, 100));
    }

    @Test
    void aTinyResponseIsLeftAsItIs() {
        Curl.Response response = Curl.include("--compressed", gateway.url("/tiny"));

        assertThat(response.head().header("Content-Encoding")).isEmpty();
        assertThat(response.body()).isEqualTo("nginx GET /tiny\n");
    }

    @Test
    void anImageIsNotCompressedByDefault() {
        Curl.Response response = Curl.include("--compressed", gateway.url("/logo.png"));

        assertThat(response.head().header("Content-Type")).contains("image/png");
        assertThat(response.head().header("Content-Encoding")).isEmpty();
        assertThat(response.body()).isEqualTo("png".repeat(200));
    }

    @Test
    void aChunkedBackendResponseIsCompressed() {
        Curl.Response response = Curl.include("--compressed", gateway.url("/chunked"));

        assertThat(response.head().header("Content-Encoding")).contains("gzip");
        assertThat(response.body()).isEqualTo(PAGE);
    }

    @Test
    void anHttp10ClientGetsACompressedBodyEndedByTheClose() {
        try (RawHttp http = RawHttp.connect(gateway.port())) {
            http.write("GET /static/page.html HTTP/1.0\r\nHost: a\r\nAccept-Encoding: gzip\r\n\r\n");
            ResponseHead head = http.readHead();

            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Encoding")).contains("gzip");
            assertThat(head.header("Content-Length")).isEmpty();
            assertThat(head.header("Transfer-Encoding")).isEmpty();
            assertThat(head.header("Connection")).hasValueSatisfying(v -> assertThat(v).isEqualToIgnoringCase("close"));
            assertThat(gunzip(http.readToEnd())).isEqualTo(PAGE);
        }
    }

    @Test
    void keepAliveResponsesStayFramedOneAfterAnother() {
        for (int i = 0; i < 3; i++) {
            HttpResponse<byte[]> compressed = get("/static/page.html", "Accept-Encoding", "gzip");
            HttpResponse<byte[]> plain = get("/static/page.html");

            assertThat(gunzip(compressed.body())).isEqualTo(PAGE);
            assertThat(new String(plain.body(), StandardCharsets.UTF_8)).isEqualTo(PAGE);
        }
    }

    @Test
    void aLargeBodyIsStreamedThroughIntact() {
        HttpResponse<byte[]> response = get("/static/big.txt", "Accept-Encoding", "gzip");

        assertThat(response.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(response.body().length).isLessThan(BIG.length() / 10);
        assertThat(gunzip(response.body())).isEqualTo(BIG);
    }

    @Test
    void anotherServiceOnTheSameListenerIsNotCompressed() {
        Curl.Response response = Curl.include("--compressed", gateway.url("/plain/page.html"));

        assertThat(response.head().header("Content-Encoding")).as("compression is per service, not per frontend")
                .isEmpty();
        assertThat(response.body()).isEqualTo(PAGE);
    }

    @Test
    void headHasNoBodyToCompress() {
        Curl.Response response = Curl.include("--compressed", "-I", gateway.url("/static/page.html"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.head().header("Content-Encoding")).isEmpty();
    }

    @Test
    void anUnknownAlgorithmIsRefusedAndThePreviousVersionKeepsServing() {
        GatewayUnderTest.Reply reply = gateway.reconfigure("serviceName=web&outboundHostname=127.0.0.1&port="
                + nginx.port() + "&servicePath=/&compressionAlgo=brotli");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("compressionAlgo").contains("brotli is not a compression algorithm");
        assertThat(Curl.include("--compressed", gateway.url("/static/page.html")).head()
                .header("Content-Encoding")).contains("gzip");
    }

    @Test
    void aClientThatStopsReadingStopsTheBackendToo() throws IOException {
        // Random hex does not compress much and never repeats within deflate's 32 KiB window.
        byte[] block = new byte[64 * 1024];
        Random random = new Random(3);
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) "0123456789abcdef".charAt(random.nextInt(16));
        }
        String chunk = Integer.toHexString(block.length) + "\r\n" + new String(block, StandardCharsets.ISO_8859_1)
                + "\r\n";
        int blocks = 768;
        AtomicLong written = new AtomicLong();
        try (RawBackend flood = RawBackend.start(connection -> {
            String head = connection.readHead();
            if (head == null) {
                return;
            }
            connection.readBody(head);
            connection.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int i = 0; i < blocks; i++) {
                connection.write(chunk);
                written.addAndGet(block.length);
            }
            connection.write("0\r\n\r\n");
        }); RawHttp http = RawHttp.connect(gateway.port(), Duration.ofSeconds(30))) {
            gateway.route("flood", flood.port(), "servicePath=/flood&compressionAlgo=gzip");
            http.write("GET /flood HTTP/1.0\r\nAccept-Encoding: gzip\r\n\r\n");
            assertThat(http.readHead().header("Content-Encoding")).contains("gzip");

            // The backend's writes stall once the client's socket, the proxy's buffers and the backend's socket
            // are full: the proxy stopped reading rather than buffering the body.
            long[] previous = {-1};
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
                long now = written.get();
                boolean stalled = now == previous[0];
                previous[0] = now;
                return stalled;
            });
            assertThat(written.get()).as("bytes the backend could write while the client read nothing")
                    .isLessThan((long) blocks * block.length);

            byte[] body = http.readToEnd();
            String expected = new String(block, StandardCharsets.ISO_8859_1).repeat(blocks);
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo(expected);
            }
        }
    }
}
