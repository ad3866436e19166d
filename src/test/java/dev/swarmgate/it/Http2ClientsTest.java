package dev.swarmgate.it;

import com.sun.net.httpserver.HttpServer;
import dev.swarmgate.testing.Curl;
import dev.swarmgate.testing.FreePort;
import dev.swarmgate.testing.SelfSignedTls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP/2 clients (ALPN h2 over TLS) through the proxy to HTTP/1.1 backends: the JDK client and curl, with the same
 * routing, rules and error pages as HTTP/1.1 (docs/proxying.md "HTTP/2").
 */
class Http2ClientsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static RecordingBackend backend;
    private static HttpServer bytes;
    private static ExecutorService bytesExecutor;
    private static SelfSignedTls tls;
    private GatewayUnderTest gateway;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBackends() throws IOException {
        backend = RecordingBackend.start();
        tls = SelfSignedTls.create();
        bytesExecutor = Executors.newVirtualThreadPerTaskExecutor();
        bytes = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        bytes.setExecutor(bytesExecutor);
        // /bytes/chunked/<n> and /bytes/fixed/<n>: n bytes of a fixed pattern, without and with a Content-Length.
        bytes.createContext("/bytes/", exchange -> {
            String[] parts = exchange.getRequestURI().getPath().split("/");
            int n = Integer.parseInt(parts[3]);
            boolean fixed = parts[2].equals("fixed");
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, fixed ? n : 0);
            try (OutputStream out = exchange.getResponseBody()) {
                byte[] block = pattern(8192);
                for (int sent = 0; sent < n; sent += block.length) {
                    out.write(block, 0, Math.min(block.length, n - sent));
                }
            }
        });
        bytes.start();
    }

    @AfterAll
    static void stopBackends() {
        backend.close();
        bytes.stop(0);
        bytesExecutor.shutdownNow();
    }

    @AfterEach
    void stopProxy() {
        if (gateway != null) {
            gateway.close();
        }
    }

    static byte[] pattern(int n) {
        byte[] data = new byte[n];
        for (int i = 0; i < n; i++) {
            data[i] = (byte) ('a' + i % 26);
        }
        return data;
    }

    /** A proxy whose only listener is {@code :ssl}, serving the test certificate from its CERTS_DIR. */
    private GatewayUnderTest startTls(Map<String, String> env, String listener) {
        java.util.HashMap<String, String> all = new java.util.HashMap<>(env);
        all.put("DEFAULT_PORTS", listener.replace("PORT", String.valueOf(FreePort.pick())));
        all.put("CERTS_DIR", tls.certsDir(dir).toString());
        gateway = GatewayUnderTest.start(all);
        return gateway;
    }

    private GatewayUnderTest startTls() {
        return startTls(Map.of(), "PORT:ssl");
    }

    private String https(String path) {
        return "https://127.0.0.1:" + gateway.port() + path;
    }

    private HttpClient h2Client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(tls.clientContext())
                .connectTimeout(TIMEOUT).build();
    }

    private HttpResponse<String> get(HttpClient client, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(https(path))).timeout(TIMEOUT);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static RecordingBackend.Seen seen(String path) {
        return backend.requests().reversed().stream().filter(request -> request.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("the backend never saw " + path));
    }

    @Test
    void aGetOverH2ReachesTheBackendAsHttp11WithTheAuthorityAsHost() throws Exception {
        startTls();
        gateway.route("api", backend.port(), "servicePath=/api");

        try (HttpClient client = h2Client()) {
            HttpResponse<String> response = get(client, "/api/hello?x=1");

            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).startsWith("len=0 ");
            assertThat(response.headers().firstValue("x-backend")).contains("recording");
        }
        RecordingBackend.Seen seen = seen("/api/hello");
        assertThat(seen.method()).isEqualTo("GET");
        assertThat(seen.headers().get("Host")).containsExactly("127.0.0.1:" + gateway.port());
        assertThat(seen.headers().get("X-Forwarded-For")).containsExactly("127.0.0.1");
        assertThat(seen.headers().keySet()).noneMatch(name -> name.toLowerCase().startsWith("x-http2"));
    }

    @Test
    void aPostBodyStreamsToTheBackendWhole() throws Exception {
        startTls();
        gateway.route("api", backend.port(), "servicePath=/api");
        byte[] body = pattern(3 * 1024 * 1024 + 17);

        try (HttpClient client = h2Client()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(https("/api/upload")))
                    .timeout(TIMEOUT).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).startsWith("len=" + body.length + " sha=" + RecordingBackend.sha256(body));
        }
    }

    @Test
    void largeResponsesStreamWithAndWithoutContentLength() throws Exception {
        startTls();
        gateway.route("bytes", bytes.getAddress().getPort(), "servicePath=/bytes");
        int size = 20 * 1024 * 1024 + 5;

        try (HttpClient client = h2Client()) {
            for (String framing : List.of("fixed", "chunked")) {
                HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(
                        URI.create(https("/bytes/" + framing + "/" + size))).timeout(TIMEOUT).build(),
                        HttpResponse.BodyHandlers.ofByteArray());

                assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
                assertThat(response.statusCode()).as(framing).isEqualTo(200);
                assertThat(response.body()).as(framing).hasSize(size);
                assertThat(sha(response.body())).as(framing).isEqualTo(sha(expected(size)));
                assertThat(response.headers().map().keySet()).as(framing)
                        .doesNotContain("connection", "transfer-encoding", "keep-alive");
            }
        }
    }

    private static byte[] expected(int size) {
        byte[] data = new byte[size];
        byte[] block = pattern(8192);
        for (int i = 0; i < size; i += block.length) {
            System.arraycopy(block, 0, data, i, Math.min(block.length, size - i));
        }
        return data;
    }

    private static String sha(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    @Test
    void manyConcurrentStreamsOnOneConnectionAllComplete() throws Exception {
        startTls();
        gateway.route("api", backend.port(), "servicePath=/api");

        try (HttpClient client = h2Client()) {
            get(client, "/api/warm-up"); // one connection, then every request is a stream on it
            List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
            // Up to the advertised limit of concurrent streams (the JDK client fails streams beyond it).
            for (int i = 0; i < 120; i++) {
                responses.add(client.sendAsync(HttpRequest.newBuilder(URI.create(https("/api/many/" + i)))
                        .timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> response : responses) {
                assertThat(response.get().statusCode()).isEqualTo(200);
                assertThat(response.get().version()).isEqualTo(HttpClient.Version.HTTP_2);
            }
        }
        assertThat(backend.requests()).filteredOn(request -> request.path().startsWith("/api/many/")).hasSize(120);
        assertThat(gateway.runtime().gateway().openConnections()).isLessThanOrEqualTo(1);
    }

    @Test
    void aRouteMissGetsThe503ErrorPageOnItsStreamAndTheConnectionServesOn() throws Exception {
        startTls();
        gateway.route("api", backend.port(), "servicePath=/api");

        try (HttpClient client = h2Client()) {
            HttpResponse<String> miss = get(client, "/nowhere");

            assertThat(miss.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(miss.statusCode()).isEqualTo(503);
            assertThat(miss.body()).contains("503");
            assertThat(miss.headers().firstValue("connection")).isEmpty();
            assertThat(get(client, "/api/after-miss").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void basicAuthChallengesAndAdmitsOverH2() throws Exception {
        startTls();
        gateway.route("api", backend.port(), "servicePath=/api&users=admin:s3cret");
        String credentials = "Basic " + Base64.getEncoder().encodeToString("admin:s3cret".getBytes(
                StandardCharsets.UTF_8));

        try (HttpClient client = h2Client()) {
            HttpResponse<String> challenged = get(client, "/api/guarded");
            assertThat(challenged.statusCode()).isEqualTo(401);
            assertThat(challenged.headers().firstValue("www-authenticate")).hasValueSatisfying(
                    value -> assertThat(value).contains("Basic realm=\"apiRealm\""));

            HttpResponse<String> admitted = get(client, "/api/guarded", "Authorization", credentials);
            assertThat(admitted.statusCode()).isEqualTo(200);
            assertThat(admitted.version()).isEqualTo(HttpClient.Version.HTTP_2);
        }
        assertThat(seen("/api/guarded").headers()).doesNotContainKey("Authorization");
    }

    @Test
    void headAnswersWithoutABody() throws Exception {
        startTls();
        gateway.route("bytes", bytes.getAddress().getPort(), "servicePath=/bytes");

        try (HttpClient client = h2Client()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(https("/bytes/fixed/1000")))
                    .timeout(TIMEOUT).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEmpty();
            assertThat(get(client, "/bytes/fixed/10").body()).hasSize(10);
        }
    }

    @Test
    void curlSpeaksH2AndGetsTheBackendsAnswer() {
        startTls();
        gateway.route("api", backend.port(), "servicePath=/api");

        Curl.Result result = Curl.run("-sS", "--http2", "--cacert", tls.pemFile(dir).toString(),
                "-o", "/dev/null", "-w", "%{http_version} %{http_code}", https("/api/curl"));

        assertThat(result.stdout()).as(result.stderr()).isEqualTo("2 200");
    }

    @Test
    void curlExpectContinueUploadOverH2() throws IOException {
        startTls();
        gateway.route("api", backend.port(), "servicePath=/api");
        String body = "y".repeat(200_000);
        Path file = java.nio.file.Files.writeString(dir.resolve("body"), body);

        Curl.Result result = Curl.run("-sS", "--http2", "--cacert", tls.pemFile(dir).toString(),
                "-H", "Expect: 100-continue", "--data-binary", "@" + file, "-w", " %{http_version} %{http_code}",
                https("/api/continue"));

        assertThat(result.stdout()).as(result.stderr())
                .startsWith("len=200000 sha=" + RecordingBackend.sha256(body.getBytes(StandardCharsets.UTF_8)))
                .endsWith(" 2 200");
    }

    @Test
    void aConnectOverH2IsRefusedWith501() {
        startTls();
        gateway.route("api", backend.port(), "servicePath=/api");

        Curl.Result result = Curl.run("-sS", "--http2", "--cacert", tls.pemFile(dir).toString(),
                "-X", "CONNECT", "-o", "/dev/null", "-w", "%{http_version} %{http_code}", https("/api/x"));

        assertThat(result.stdout()).as(result.stderr()).isEqualTo("2 501");
    }

    @Test
    void h2loadManyStreamsOnFewConnectionsWithoutAFailure() throws Exception {
        startTls();
        gateway.route("bytes", bytes.getAddress().getPort(), "servicePath=/bytes");

        Process h2load = new ProcessBuilder("/usr/bin/h2load", "-n", "2000", "-c", "4", "-m", "32",
                https("/bytes/fixed/1000")).redirectErrorStream(true).start();
        String output = new String(h2load.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(h2load.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        assertThat(output).contains("Application protocol: h2")
                .contains("requests: 2000 total, 2000 started, 2000 done, 2000 succeeded, 0 failed, 0 errored")
                .contains("status codes: 2000 2xx");
    }

    @Test
    void theClientBehindAProxyHeaderIsForwardedFromEveryStream() throws Exception {
        startTls(Map.of(), "PORT accept-proxy:ssl");
        gateway.route("api", backend.port(), "servicePath=/api");

        // A load balancer in front: a PROXY header naming the client, then the client's own bytes (TLS, h2).
        try (ProxyHeaderRelay relay = new ProxyHeaderRelay(gateway.port(), "203.0.113.7");
             HttpClient client = h2Client()) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        URI.create("https://127.0.0.1:" + relay.port() + "/api/behind/" + i)).timeout(TIMEOUT).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
                assertThat(response.statusCode()).isEqualTo(200);
            }
        }
        for (int i = 0; i < 3; i++) {
            assertThat(seen("/api/behind/" + i).headers().get("X-Forwarded-For")).containsExactly("203.0.113.7");
        }
    }

    @Test
    void webSocketStillUpgradesOverHttp11OnTheTlsListener() throws Exception {
        try (dev.swarmgate.testing.WebSocketEchoServer echo = dev.swarmgate.testing.WebSocketEchoServer.start("/ws")) {
            startTls();
            gateway.route("chat", echo.port(), "servicePath=/ws");
            CompletableFuture<String> reply = new CompletableFuture<>();

            try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .sslContext(tls.clientContext()).build()) {
                java.net.http.WebSocket socket = client.newWebSocketBuilder().connectTimeout(TIMEOUT)
                        .buildAsync(URI.create("wss://127.0.0.1:" + gateway.port() + "/ws"),
                                new java.net.http.WebSocket.Listener() {
                                    @Override
                                    public java.util.concurrent.CompletionStage<?> onText(
                                            java.net.http.WebSocket webSocket, CharSequence data, boolean last) {
                                        reply.complete(data.toString());
                                        return null;
                                    }
                                }).get(20, java.util.concurrent.TimeUnit.SECONDS);
                socket.sendText("over tls", true).get(20, java.util.concurrent.TimeUnit.SECONDS);

                assertThat(reply.get(20, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("echo: over tls");
                socket.abort();
            }
        }
    }

    @Test
    void aSlowStreamHoldsItsBackendBackAndAResetGivesUpTheBackendConnectionOnly() throws Exception {
        try (EndlessBackend endless = new EndlessBackend()) {
            startTls();
            gateway.route("endless", endless.port(), "servicePath=/endless");
            gateway.route("api", backend.port(), "servicePath=/api");

            try (HttpClient client = h2Client()) {
                assertThat(get(client, "/api/first").statusCode()).isEqualTo(200);
                HttpResponse<java.io.InputStream> response = client.send(HttpRequest.newBuilder(
                        URI.create(https("/endless/stream"))).timeout(TIMEOUT).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
                try (java.io.InputStream body = response.body()) {
                    assertThat(body.readNBytes(256 * 1024)).hasSize(256 * 1024);
                    // The client stops reading: once the windows and buffers on the way are full, the backend is no
                    // longer read either (its writes block), instead of the proxy buffering an endless body.
                    long[] last = {-1};
                    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15))
                            .pollInterval(Duration.ofMillis(500)).until(() -> {
                                long now = endless.written();
                                boolean stable = now == last[0];
                                last[0] = now;
                                return stable;
                            });
                    assertThat(endless.written()).isLessThan(64L * 1024 * 1024);
                } // closing the body early resets the stream (RST_STREAM CANCEL)

                assertThat(endless.awaitClosed()).as("the backend connection was closed").isTrue();
                assertThat(get(client, "/api/after-reset").statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void drainingSendsGoAwayAndClosesOnceTheStreamUnderWayEnded() throws Exception {
        startTls();
        gateway.route("held", backend.port(), "servicePath=/hold");

        try (HttpClient client = h2Client()) {
            CompletableFuture<HttpResponse<String>> held = client.sendAsync(HttpRequest.newBuilder(
                    URI.create(https("/hold/drain"))).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(backend.awaitHeld()).isTrue();
            int port = gateway.port();
            CompletableFuture<Boolean> shutdown = CompletableFuture.supplyAsync(() -> {
                try {
                    return gateway.runtime().gateway().shutdown(Duration.ofSeconds(15));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> !GatewayUnderTest.accepts(port));
            assertThat(shutdown).as("the connection stays while its stream is under way").isNotDone();

            backend.release();

            assertThat(held.get().statusCode()).isEqualTo(200);
            assertThat(held.get().version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(shutdown.get(15, java.util.concurrent.TimeUnit.SECONDS))
                    .as("every connection closed within the grace period").isTrue();
        }
    }

    @Test
    void earlyHintsReachTheH2ClientBeforeTheResponseOnTheSameStream() {
        try (dev.swarmgate.testing.RawBackend hinting = dev.swarmgate.testing.RawBackend.start(connection -> {
            String head;
            while ((head = connection.readHead()) != null) {
                connection.readBody(head);
                connection.write("HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                        + "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ndone");
            }
        })) {
            startTls();
            gateway.route("hints", hinting.port(), "servicePath=/hints");

            Curl.Result result = Curl.run("-sS", "-i", "--http2", "--cacert", tls.pemFile(dir).toString(),
                    https("/hints/page"));

            assertThat(result.stdout()).as(result.stderr()).startsWith("HTTP/2 103")
                    .contains("link: </style.css>; rel=preload").contains("HTTP/2 200").endsWith("done");
        }
    }

    @Test
    void aHostThatIsNotTheAuthorityAndAnOversizedHeaderListAreRefusedOnTheirStream() throws Exception {
        startTls();
        gateway.route("api", backend.port(), "servicePath=/api");

        assertThat(nghttp("-H", "host: elsewhere.example", https("/api/mismatch"))).contains(":status: 400");
        assertThat(nghttp("-H", "x-big: " + "b".repeat(40 * 1024), https("/api/big"))).contains(":status: 431");
        assertThat(nghttp(https("/api/fine"))).contains(":status: 200");
        assertThat(backend.requests()).noneMatch(request -> request.path().equals("/api/mismatch")
                || request.path().equals("/api/big"));
    }

    /** Runs Debian's nghttp (nghttp2-client) verbosely: its output shows the frames, {@code :status} included. */
    private static String nghttp(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/nghttp", "-v", "-t", "10"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return output;
    }

    @Test
    void aSilentBackendGets504OnItsStreamAndTheConnectionServesOn() throws Exception {
        // The backend reads the request and says nothing until the test is over.
        java.util.concurrent.CountDownLatch testOver = new java.util.concurrent.CountDownLatch(1);
        try (dev.swarmgate.testing.RawBackend silent = dev.swarmgate.testing.RawBackend.start(connection -> {
            connection.readHead();
            testOver.await();
        })) {
            startTls();
            gateway.route("silent", silent.port(), "servicePath=/silent&timeoutServer=1");
            gateway.route("api", backend.port(), "servicePath=/api");

            try (HttpClient client = h2Client()) {
                HttpResponse<String> timedOut = get(client, "/silent/x");

                assertThat(timedOut.version()).isEqualTo(HttpClient.Version.HTTP_2);
                assertThat(timedOut.statusCode()).isEqualTo(504);
                assertThat(get(client, "/api/after-timeout").statusCode()).isEqualTo(200);
                assertThat(gateway.runtime().gateway().openConnections()).isEqualTo(1);
            } finally {
                testOver.countDown();
            }
        }
    }

    @Test
    void anIdleH2ConnectionIsClosedAfterTheKeepAliveTimeout() throws Exception {
        startTls(Map.of("TIMEOUT_HTTP_KEEP_ALIVE", "1"), "PORT:ssl");
        gateway.route("api", backend.port(), "servicePath=/api");

        try (HttpClient client = h2Client()) {
            assertThat(get(client, "/api/once").statusCode()).isEqualTo(200);
            assertThat(gateway.runtime().gateway().openConnections()).isEqualTo(1);

            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> gateway.runtime().gateway().openConnections() == 0);
        }
    }

    @Test
    void compressionWorksOnAStreamAsOnAConnection() throws Exception {
        String text = "compress me over h2 ".repeat(5000);
        try (dev.swarmgate.testing.RawBackend plain = dev.swarmgate.testing.RawBackend.start(connection -> {
            String head;
            while ((head = connection.readHead()) != null) {
                connection.readBody(head);
                connection.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + text.length()
                        + "\r\n\r\n" + text);
            }
        })) {
            startTls();
            gateway.route("text", plain.port(), "servicePath=/text&compressionAlgo=gzip");

            try (HttpClient client = h2Client()) {
                HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(https("/text/a")))
                        .timeout(TIMEOUT).header("Accept-Encoding", "gzip").build(),
                        HttpResponse.BodyHandlers.ofByteArray());

                assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
                assertThat(response.headers().firstValue("content-encoding")).contains("gzip");
                assertThat(response.body().length).isLessThan(text.length() / 10);
                try (java.util.zip.GZIPInputStream gunzip = new java.util.zip.GZIPInputStream(
                        new java.io.ByteArrayInputStream(response.body()))) {
                    assertThat(new String(gunzip.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(text);
                }
                assertThat(get(client, "/text/again", "Accept-Encoding", "identity").body()).isEqualTo(text);
            }
        }
    }

    /** Sends a PROXY v1 header naming {@code client}, then relays bytes both ways to the proxy's port. */
    private static final class ProxyHeaderRelay implements AutoCloseable {

        private final java.net.ServerSocket server;
        private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

        ProxyHeaderRelay(int target, String client) throws IOException {
            server = new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            threads.execute(() -> {
                while (!server.isClosed()) {
                    try {
                        java.net.Socket accepted = server.accept();
                        java.net.Socket upstream = new java.net.Socket(InetAddress.getLoopbackAddress(), target);
                        upstream.getOutputStream().write(("PROXY TCP4 " + client + " 127.0.0.1 40000 " + target
                                + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        threads.execute(() -> pump(accepted, upstream));
                        threads.execute(() -> pump(upstream, accepted));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        private static void pump(java.net.Socket from, java.net.Socket to) {
            try (from; to) {
                from.getInputStream().transferTo(to.getOutputStream());
            } catch (IOException e) {
                // one side closed: both sockets close
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            threads.shutdownNow();
        }
    }

    /** Answers every request with a body that never ends, and notes when the proxy closes the connection. */
    private static final class EndlessBackend implements AutoCloseable {

        private final java.net.ServerSocket server;
        private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        private final java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();

        EndlessBackend() throws IOException {
            server = new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            threads.execute(() -> {
                try (java.net.Socket socket = server.accept()) {
                    java.io.InputStream in = socket.getInputStream();
                    StringBuilder head = new StringBuilder();
                    while (!head.toString().endsWith("\r\n\r\n")) {
                        int b = in.read();
                        if (b < 0) {
                            return;
                        }
                        head.append((char) b);
                    }
                    OutputStream out = socket.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 100000000000\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    byte[] block = pattern(16 * 1024);
                    while (true) {
                        out.write(block);
                        written.addAndGet(block.length);
                    }
                } catch (IOException e) {
                    closed.countDown();
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        long written() {
            return written.get();
        }

        boolean awaitClosed() throws InterruptedException {
            return closed.await(10, java.util.concurrent.TimeUnit.SECONDS);
        }

        @Override
        public void close() throws IOException {
            server.close();
            threads.shutdownNow();
        }
    }
}
