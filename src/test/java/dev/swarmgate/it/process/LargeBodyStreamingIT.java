package dev.swarmgate.it.process;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/proxying.md promises that bodies are streamed both ways, never buffered whole: "A 512 MB upload and download
 * pass through a proxy whose heap is capped at 128 MB". This runs exactly that against the real jar in its own JVM,
 * with the launcher's default memory settings (jvm.options: {@code -Xmx128m}, and direct memory capped at the same
 * figure, the JVM's default). The backend is the JDK's HttpServer in this JVM; neither it nor
 * the client holds a body in memory either (bodies are generated and digested as streams), so this JVM does not need
 * 512 MiB.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LargeBodyStreamingIT {

    private static final long SIZE = 512L * 1024 * 1024;
    private static final long SEED = 0x5A4D_6761_7465L;
    private static final int BUFFER = 64 * 1024;
    private static final Duration EXCHANGE_TIMEOUT = Duration.ofMinutes(3);

    @RegisterExtension
    final ProcessLogs logs = new ProcessLogs();

    private HttpServer backend;
    private ExecutorService backendThreads;
    private SwarmgateProcess proxy;
    private HttpClient client;

    @BeforeAll
    void startBackendAndProxy(@TempDir Path dir) throws IOException {
        backendThreads = Executors.newFixedThreadPool(4);
        backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        backend.setExecutor(backendThreads);
        backend.createContext("/big/upload", LargeBodyStreamingIT::upload);
        backend.createContext("/big/download", LargeBodyStreamingIT::download);
        backend.start();

        proxy = logs.watch("swarmgate", SwarmgateProcess.builder(dir)
                // An OutOfMemoryError that some handler catches and logs must still fail the test: die on it.
                .jvmOption("-XX:+ExitOnOutOfMemoryError")
                .start());
        proxy.reconfigure("serviceName=big&servicePath=/big&port=" + backend.getAddress().getPort()
                + "&outboundHostname=127.0.0.1");
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    void stopAll() {
        try {
            if (proxy != null) {
                assertThat(proxy.isAlive()).as("proxy still running after the transfers").isTrue();
                assertThat(proxy.log()).doesNotContain("OutOfMemoryError").doesNotContain("OutOfDirectMemoryError");
                assertThat(proxy.stop()).isEqualTo(SwarmgateProcess.SIGTERM_EXIT);
            }
        } finally {
            if (proxy != null) {
                proxy.close();
            }
            if (client != null) {
                client.close();
            }
            if (backend != null) {
                backend.stop(0);
            }
            if (backendThreads != null) {
                backendThreads.shutdownNow();
            }
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void chunkedUploadOf512MiBArrivesWhole() throws Exception {
        DigestInputStream body = new DigestInputStream(new PatternStream(SEED, SIZE), sha256());
        HttpRequest request = HttpRequest.newBuilder(URI.create(proxy.proxyUrl("/big/upload")))
                .timeout(EXCHANGE_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body))
                .build();

        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(SIZE + " " + hex(body.getMessageDigest()) + " chunked");
        assertProxyHealthy();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void uploadOf512MiBWithContentLengthArrivesWhole() throws Exception {
        DigestInputStream body = new DigestInputStream(new PatternStream(SEED + 1, SIZE), sha256());
        HttpRequest request = HttpRequest.newBuilder(URI.create(proxy.proxyUrl("/big/upload")))
                .timeout(EXCHANGE_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> body), SIZE))
                .build();

        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(SIZE + " " + hex(body.getMessageDigest()) + " length=" + SIZE);
        assertProxyHealthy();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void chunkedDownloadOf512MiBArrivesWhole() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(proxy.proxyUrl("/big/download?bytes=" + SIZE)))
                .timeout(EXCHANGE_TIMEOUT)
                .GET()
                .build();

        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());

        assertThat(response.statusCode()).isEqualTo(200);
        MessageDigest received = sha256();
        long count;
        try (InputStream body = response.body()) {
            count = consume(body, received);
        }
        MessageDigest expected = sha256();
        consume(new PatternStream(SEED + 2, SIZE), expected);
        assertThat(count).isEqualTo(SIZE);
        assertThat(hex(received)).isEqualTo(hex(expected));
        assertProxyHealthy();
    }

    private void assertProxyHealthy() {
        assertThat(proxy.isAlive()).as("proxy process alive").isTrue();
        assertThat(proxy.log()).doesNotContain("OutOfMemoryError").doesNotContain("OutOfDirectMemoryError");
    }

    /** Consumes the body, answers {@code <count> <sha-256 hex> <chunked|length=N>}. */
    private static void upload(HttpExchange exchange) throws IOException {
        try (exchange) {
            String framing = exchange.getRequestHeaders().containsKey("Transfer-Encoding")
                    ? String.join(",", exchange.getRequestHeaders().get("Transfer-Encoding"))
                    : "length=" + exchange.getRequestHeaders().getFirst("Content-Length");
            MessageDigest digest = sha256();
            long count;
            try (InputStream body = exchange.getRequestBody()) {
                count = consume(body, digest);
            }
            byte[] answer = (count + " " + hex(digest) + " " + framing).getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    /** Streams {@code bytes} pattern bytes (seed {@code SEED + 2}), chunked. */
    private static void download(HttpExchange exchange) throws IOException {
        try (exchange) {
            long bytes = Long.parseLong(exchange.getRequestURI().getQuery().replaceFirst("^bytes=", ""));
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                new PatternStream(SEED + 2, bytes).transferTo(out);
            }
        }
    }

    private static long consume(InputStream in, MessageDigest digest) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long count = 0;
        for (int n; (n = in.read(buffer)) != -1; ) {
            digest.update(buffer, 0, n);
            count += n;
        }
        return count;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * {@code size} deterministic pseudo-random bytes, generated block by block: the same seed gives the same bytes
     * whatever the read sizes, and at most one block is in memory.
     */
    private static final class PatternStream extends InputStream {
        private final SplittableRandom random;
        private final byte[] block = new byte[BUFFER];
        private long remaining;
        private int position = BUFFER;

        PatternStream(long seed, long size) {
            this.random = new SplittableRandom(seed);
            this.remaining = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            if (remaining == 0) {
                return -1;
            }
            if (length == 0) {
                return 0;
            }
            if (position == BUFFER) {
                random.nextBytes(block);
                position = 0;
            }
            int n = (int) Math.min(Math.min(length, BUFFER - position), remaining);
            System.arraycopy(block, position, into, offset, n);
            position += n;
            remaining -= n;
            return n;
        }
    }
}
