package dev.swarmgate.it;

import dev.swarmgate.proxy.tls.CertificateSet;
import dev.swarmgate.testing.Curl;
import dev.swarmgate.testing.FreePort;
import dev.swarmgate.testing.OpenSslClient;
import dev.swarmgate.testing.OpenSslClient.Handshake;
import dev.swarmgate.testing.TestPki;
import dev.swarmgate.testing.TestPki.Issued;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TLS listener over time and under bad clients: plain HTTP until a certificate exists, a replaced certificate
 * served to new handshakes while a keep-alive connection keeps working, client certificates with CA_FILE, ALPN without
 * h2, and garbage, truncated or stalled handshakes closed within the handshake timeout while others are served.
 */
class TlsListenerLifecycleTest {

    @TempDir
    Path dir;

    private TestPki pki;
    private RecordingBackend backend;
    private GatewayUnderTest gateway;

    @BeforeEach
    void backend() {
        pki = TestPki.in(dir);
        backend = RecordingBackend.start();
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        backend.close();
    }

    private void startGateway(Map<String, String> env) {
        java.util.HashMap<String, String> all = new java.util.HashMap<>(env);
        all.put("DEFAULT_PORTS", FreePort.pick() + ":ssl");
        gateway = GatewayUnderTest.start(all);
        gateway.route("app", backend.port(), "servicePath=/");
    }

    private Issued serve(String... names) {
        Issued issued = pki.server(names);
        TlsListenerTest.tls(gateway).certificates(new CertificateSet(List.of(
                TestPki.serverCertificate("app.pem", issued, names))));
        return issued;
    }

    @Test
    void sslListenerServesPlainHttpUntilACertificateExistsThenTls() {
        startGateway(Map.of());
        assertThat(TlsListenerTest.tls(gateway).active()).isFalse();
        assertThat(gateway.get("/plain").statusCode()).isEqualTo(200);
        serve("app.test");
        assertThat(TlsListenerTest.tls(gateway).active()).isTrue();
        assertThat(OpenSslClient.connect(gateway.port(), "-servername", "app.test").subject())
                .isEqualTo("subject=CN = app.test");
    }

    @Test
    void aReplacedCertificateServesNewHandshakesWhileAKeepAliveConnectionGoesOn() throws Exception {
        startGateway(Map.of());
        Issued first = serve("app.test");
        try (SSLSocket kept = tlsSocket("app.test")) {
            assertThat(serial(kept)).isEqualTo(first.x509().getSerialNumber());
            assertThat(exchange(kept, "/before")).startsWith("HTTP/1.1 200");

            Issued second = serve("app.test");
            assertThat(second.x509().getSerialNumber()).isNotEqualTo(first.x509().getSerialNumber());
            try (SSLSocket fresh = tlsSocket("app.test")) {
                assertThat(serial(fresh)).isEqualTo(second.x509().getSerialNumber());
            }
            assertThat(exchange(kept, "/after")).startsWith("HTTP/1.1 200");
            assertThat(serial(kept)).isEqualTo(first.x509().getSerialNumber());
        }
    }

    @Test
    void anAcceptProxySslListenerReadsThePROXYHeaderThenTheHandshake() {
        gateway = GatewayUnderTest.start(Map.of("DEFAULT_PORTS", FreePort.pick() + " accept-proxy:ssl"));
        gateway.route("app", backend.port(), "servicePath=/");
        serve("app.test");
        String host = "app.test:" + gateway.port();
        Curl.Response response = Curl.include("--http1.1", "--haproxy-protocol", "--cacert",
                pki.ca().certificate().toString(), "--resolve", host + ":127.0.0.1", "https://" + host + "/proxied");
        assertThat(response.status()).isEqualTo(200);
        RecordingBackend.Seen seen = backend.requests().stream().filter(r -> r.path().equals("/proxied"))
                .findFirst().orElseThrow();
        assertThat(seen.headers().get("X-Forwarded-Proto")).containsExactly("https");
    }

    @Test
    void certificatesSwappedEvery100MsFailNoHandshakeAndNoKeepAliveRequest() throws Exception {
        startGateway(Map.of());
        Issued a = pki.server("app.test");
        Issued b = pki.server("app.test");
        List<CertificateSet> sets = List.of(
                new CertificateSet(List.of(TestPki.serverCertificate("app.pem", a, "app.test"))),
                new CertificateSet(List.of(TestPki.serverCertificate("app.pem", b, "app.test"))));
        TlsListenerTest.tls(gateway).certificates(sets.getFirst());
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger swaps = new java.util.concurrent.atomic.AtomicInteger();
        Thread swapper = Thread.ofPlatform().start(() -> {
            while (running.get()) {
                TlsListenerTest.tls(gateway).certificates(sets.get(swaps.incrementAndGet() % 2));
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        java.util.Set<BigInteger> served = new java.util.HashSet<>();
        try (SSLSocket kept = tlsSocket("app.test")) {
            long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            int handshakes = 0;
            while (System.nanoTime() < end) {
                try (SSLSocket fresh = tlsSocket("app.test")) {
                    served.add(serial(fresh));
                    assertThat(exchange(fresh, "/fresh")).startsWith("HTTP/1.1 200");
                }
                assertThat(exchange(kept, "/kept")).startsWith("HTTP/1.1 200");
                handshakes++;
            }
            assertThat(handshakes).isGreaterThan(5);
        } finally {
            running.set(false);
            swapper.join();
        }
        assertThat(swaps.get()).isGreaterThan(10);
        assertThat(served).isSubsetOf(a.x509().getSerialNumber(), b.x509().getSerialNumber()).hasSize(2);
    }

    @Test
    void withoutH2AlpnChoosesHttp11() {
        startGateway(Map.of("ENABLE_H2", "false"));
        serve("app.test");
        Handshake handshake = OpenSslClient.connect(gateway.port(), "-servername", "app.test", "-alpn", "h2,http/1.1");
        assertThat(handshake.output()).contains("ALPN protocol: http/1.1");
    }

    @Test
    void withCaFileAClientCertificateIsAskedForVerifiedAndOptional() {
        startGateway(Map.of("CA_FILE", pki.ca().certificate().toString()));
        serve("app.test");
        Issued client = pki.client("client one");
        Handshake without = OpenSslClient.connect(gateway.port(), "-servername", "app.test", "-tls1_2");
        assertThat(without.succeeded()).as(without.output()).isTrue();
        assertThat(without.output()).contains("Acceptable client certificate CA names")
                .contains("CN = Swarmgate Test CA");
        Handshake with = OpenSslClient.connect(gateway.port(), "-servername", "app.test", "-tls1_2",
                "-cert", client.certificate().toString(), "-key", client.key().toString());
        assertThat(with.succeeded()).as(with.output()).isTrue();
        Issued stranger = pki.selfSignedClient("stranger");
        Handshake refused = OpenSslClient.connect(gateway.port(), "-servername", "app.test", "-tls1_2",
                "-cert", stranger.certificate().toString(), "-key", stranger.key().toString());
        assertThat(refused.succeeded()).as(refused.output()).isFalse();
    }

    @Test
    void withoutCaFileNoClientCertificateIsAskedFor() {
        startGateway(Map.of());
        serve("app.test");
        assertThat(OpenSslClient.connect(gateway.port(), "-servername", "app.test", "-tls1_2").output())
                .contains("No client certificate CA names sent");
    }

    @Test
    void garbageTruncatedAndStalledHandshakesCloseWithinTheTimeoutWhileOthersAreServed() throws Exception {
        startGateway(Map.of("TIMEOUT_HTTP_REQUEST", "1"));
        serve("app.test");
        long failedBefore = TlsListenerTest.tls(gateway).handshakes().failedCount();
        try (Socket garbage = raw(); Socket silent = raw(); Socket truncated = raw(); Socket midway = raw()) {
            garbage.getOutputStream().write("GET / HTTP/1.1\r\nHost: app.test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            // a handshake record announcing 512 bytes, of which 9 arrive
            truncated.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc,
                    0x03, 0x03, 0, 0, 0});
            midway.getOutputStream().write(clientHello());
            long start = System.nanoTime();

            Handshake meanwhile = OpenSslClient.connect(gateway.port(), "-servername", "app.test");
            assertThat(meanwhile.succeeded()).as(meanwhile.output()).isTrue();

            for (Socket socket : List.of(garbage, silent, truncated, midway)) {
                assertThat(closedByServer(socket)).isTrue();
            }
            // two phases of 1 s at most (ClientHello, rest of the handshake), with slack for a busy machine
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
        assertThat(TlsListenerTest.tls(gateway).handshakes().failedCount() - failedBefore).isGreaterThanOrEqualTo(2);
    }

    private Socket raw() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), gateway.port());
        socket.setSoTimeout(8000);
        return socket;
    }

    /** Reads (and drops) what the server sends until it closes: true when it did before the read timeout. */
    private static boolean closedByServer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        try {
            while (in.read(buffer) >= 0) {
                // the server's handshake flight or an alert
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the server
        }
    }

    /** A real TLS ClientHello (the JDK's), to send and then fall silent mid-handshake. */
    private static byte[] clientHello() throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine("app.test", 443);
        engine.setUseClientMode(true);
        engine.beginHandshake();
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        return bytes;
    }

    private SSLSocket tlsSocket(String serverName) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("ca", pki.ca().x509());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                gateway.port());
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(serverName)));
        socket.setSSLParameters(parameters);
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        return socket;
    }

    private static BigInteger serial(SSLSocket socket) throws Exception {
        return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
    }

    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^content-length:\\s*(\\d+)");

    /** One keep-alive request on {@code socket}; returns the response head and body. */
    private static String exchange(SSLSocket socket, String path) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: app.test\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head);
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        Matcher length = CONTENT_LENGTH.matcher(text);
        if (length.find()) {
            text += new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.ISO_8859_1);
        }
        return text;
    }
}
