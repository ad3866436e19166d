package dev.swarmgate.it;

import dev.swarmgate.testing.Curl;
import dev.swarmgate.testing.TestCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A certificate replaced under load ({@code PUT /cert} every 100 ms) while one client makes a new TLS connection per
 * request and another (curl) sends request after request on one keep-alive connection: no request fails, the
 * keep-alive connection is never dropped, and every handshake that starts after a PUT answered gets that certificate
 * or a newer one.
 */
class CertificateReplacementUnderLoadTest {

    private static final String NAME = "load.swarmgate.test";
    private static final int REPLACEMENTS = 15;
    private static final int KEEP_ALIVE_REQUESTS = 3000;

    @TempDir
    Path dir;

    @Test
    void everyNewHandshakeGetsTheNewestCertificateAndNoRequestFails() throws Exception {
        List<TestCertificate> certificates = new ArrayList<>();
        Map<BigInteger, Integer> indexBySerial = new HashMap<>();
        for (int i = 0; i <= REPLACEMENTS; i++) {
            Path own = Files.createDirectories(dir.resolve("c" + i));
            TestCertificate certificate = TestCertificate.make(own, NAME);
            certificates.add(certificate);
            indexBySerial.put(serialOf(certificate), i);
        }
        Path certsDir = Files.createDirectories(dir.resolve("certs"));
        try (RecordingBackend backend = RecordingBackend.start();
             GatewayUnderTest gateway = GatewayUnderTest.start(Map.of("DEFAULT_PORTS", freeSslPort(),
                     "CERTS_DIR", certsDir.toString()));
             HttpClient admin = HttpClient.newHttpClient()) {
            gateway.route("web", backend.port(), "servicePath=/");
            assertThat(put(admin, gateway, certificates.getFirst())).isEqualTo(200);
            int port = gateway.port();
            await("the first certificate is served").atMost(Duration.ofSeconds(10))
                    .until(() -> handshake(port).status().startsWith("HTTP/1.1 200"));

            AtomicInteger latestPut = new AtomicInteger(0);
            AtomicBoolean stop = new AtomicBoolean();
            List<String> wrong = new CopyOnWriteArrayList<>();
            AtomicInteger handshakes = new AtomicInteger();
            CompletableFuture<Curl.Result> keepAlive = CompletableFuture.supplyAsync(() -> Curl.run(
                    Duration.ofSeconds(60), "--insecure", "--http1.1", "--resolve", NAME + ":" + port + ":127.0.0.1",
                    "--output", "/dev/null", "--write-out", "%{http_code} %{num_connects}\\n",
                    "https://" + NAME + ":" + port + "/ka/[1-" + KEEP_ALIVE_REQUESTS + "]"));
            CompletableFuture<Void> newConnections = CompletableFuture.runAsync(() -> {
                while (!stop.get()) {
                    int putBefore = latestPut.get();
                    Served served;
                    try {
                        served = handshake(port);
                    } catch (IOException e) {
                        wrong.add("handshake after PUT " + putBefore + " failed: " + e);
                        continue;
                    }
                    handshakes.incrementAndGet();
                    Integer got = indexBySerial.get(served.serial());
                    if (got == null || got < putBefore) {
                        wrong.add("a handshake started after PUT " + putBefore + " answered got certificate " + got);
                    }
                    if (!served.status().startsWith("HTTP/1.1 200")) {
                        wrong.add("request after PUT " + putBefore + " answered " + served.status());
                    }
                }
            });
            for (int i = 1; i <= REPLACEMENTS; i++) {
                Thread.sleep(100); // the pace the issue asks for: a PUT every 100 ms
                assertThat(put(admin, gateway, certificates.get(i))).as("PUT %d", i).isEqualTo(200);
                latestPut.set(i);
            }
            int afterLast = handshakes.get();
            await("handshakes after the last PUT").atMost(Duration.ofSeconds(10))
                    .until(() -> handshakes.get() >= afterLast + 20);
            stop.set(true);
            newConnections.get();
            Curl.Result curl = keepAlive.get();

            assertThat(wrong).as("handshakes and requests on new connections").isEmpty();
            List<String> lines = curl.stdout().lines().toList();
            assertThat(lines).as("keep-alive requests (curl stderr: %s)", curl.stderr())
                    .hasSize(KEEP_ALIVE_REQUESTS).allMatch(line -> line.startsWith("200 "));
            assertThat(lines.stream().mapToInt(line -> Integer.parseInt(line.substring(4).strip())).sum())
                    .as("connections curl opened for its keep-alive requests").isEqualTo(1);
        }
    }

    private static String freeSslPort() {
        return dev.swarmgate.testing.FreePort.pick() + ":ssl";
    }

    private static int put(HttpClient admin, GatewayUnderTest gateway, TestCertificate certificate)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.adminPort()
                        + "/v1/docker-flow-proxy/cert?certName=load.pem"))
                .PUT(HttpRequest.BodyPublishers.ofFile(certificate.combined())).timeout(Duration.ofSeconds(10))
                .build();
        return admin.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** What a new connection got: the certificate's serial and the status line of one request. */
    private record Served(BigInteger serial, String status) {
    }

    private static Served handshake(int port) throws IOException {
        // A context of its own each time: no session to resume, so the server presents a certificate every time.
        try (SSLSocket socket = (SSLSocket) trustAll().getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(NAME)));
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            X509Certificate leaf = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            socket.getOutputStream().write(("GET /new HTTP/1.1\r\nHost: " + NAME + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            int end = response.indexOf("\r\n");
            return new Served(leaf.getSerialNumber(), end < 0 ? response : response.substring(0, end));
        }
    }

    private static BigInteger serialOf(TestCertificate certificate) throws Exception {
        try (InputStream in = Files.newInputStream(certificate.certificate())) {
            return ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in))
                    .getSerialNumber();
        }
    }

    /** A client context that accepts any certificate: the test identifies the one served by its serial instead. */
    private static SSLContext trustAll() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[]{new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
