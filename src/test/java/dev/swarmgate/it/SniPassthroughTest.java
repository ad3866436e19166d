package dev.swarmgate.it;

import dev.swarmgate.proxy.tcp.TcpPortCounters;
import dev.swarmgate.testing.Curl;
import dev.swarmgate.testing.FreePort;
import dev.swarmgate.testing.Nginx;
import dev.swarmgate.testing.StreamText;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * reqMode=sni (TLS passthrough) with real peers: two nginx backends that terminate TLS themselves with their own
 * self-signed certificates (a.example.com, b.example.com) behind one Swarmgate srcPort; curl and openssl s_client as
 * clients. Getting the backend's own certificate back is the proof that Swarmgate relayed the bytes undecrypted.
 */
class SniPassthroughTest {

    private static X509Bundle certificateA;
    private static X509Bundle certificateB;
    private static Nginx backendA;
    private static Nginx backendB;

    @RegisterExtension
    final GatewayPerTest proxy = new GatewayPerTest();

    @BeforeAll
    static void startBackends() throws Exception {
        certificateA = selfSigned("a.example.com");
        certificateB = selfSigned("b.example.com");
        backendA = tlsBackend("a", certificateA);
        backendB = tlsBackend("b", certificateB);
    }

    @AfterAll
    static void stopBackends() {
        if (backendA != null) {
            backendA.close();
        }
        if (backendB != null) {
            backendB.close();
        }
    }

    @Test
    void eachServerNameReachesItsOwnBackendWhichPresentsItsOwnCertificate() {
        int srcPort = twoSniServices(proxy.gateway(), "");

        Curl.Response a = https("a.example.com", srcPort);
        Curl.Response b = https("b.example.com", srcPort);
        Curl.Response bByPrefix = https("b.other.net", srcPort);

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.head().header("X-Backend")).contains("a");
        assertThat(a.body()).isEqualTo("nginx GET /hello\n");
        assertThat(b.head().header("X-Backend")).contains("b");
        assertThat(bByPrefix.head().header("X-Backend")).as("pathType=req_ssl_sni -i -m beg with b.").contains("b");
        assertThat(serverCertificate("a.example.com", srcPort)).isEqualTo(pemBody(certificateA.getCertificatePEM()));
        assertThat(serverCertificate("b.example.com", srcPort)).isEqualTo(pemBody(certificateB.getCertificatePEM()));
    }

    /**
     * A ClientHello that arrives in two TCP segments, or split over two TLS records (legal, and what a client with a
     * large hello does), is routed once whole and relayed byte for byte: backend A answers with its ServerHello and,
     * in TLS 1.2, its certificate in the clear.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aClientHelloInPiecesIsRoutedOnceWholeAndRelayedUntouched(boolean twoRecords) throws Exception {
        int srcPort = twoSniServices(proxy.gateway(), "");
        byte[] hello = clientHello("a.example.com");
        byte[][] pieces = twoRecords ? twoRecords(hello) : new byte[][]{
                Arrays.copyOfRange(hello, 0, 20), Arrays.copyOfRange(hello, 20, hello.length)};

        try (Socket client = connect(srcPort)) {
            client.setTcpNoDelay(true);
            client.getOutputStream().write(pieces[0]);
            client.getOutputStream().flush();
            Thread.sleep(200); // the scenario itself: the rest of the ClientHello comes later
            client.getOutputStream().write(pieces[1]);
            byte[] answer = readUntilContains(client.getInputStream(), certificateA.getCertificate().getEncoded());

            assertThat(answer[0]).as("a TLS handshake record").isEqualTo((byte) 0x16);
            assertThat(indexOf(answer, certificateA.getCertificate().getEncoded())).as("A's certificate")
                    .isNotNegative();
            assertThat(indexOf(answer, certificateB.getCertificate().getEncoded())).isNegative();
        }
    }

    @Test
    void anUnknownServerNameOrNoneIsClosedAndCountedWithoutReachingABackend() {
        int srcPort = twoSniServices(proxy.gateway(), "");
        long servedBefore = backendA.accessLog().lines().count() + backendB.accessLog().lines().count();

        Curl.Result unknown = Curl.run("--resolve", "c.example.com:" + srcPort + ":127.0.0.1", "-k",
                "https://c.example.com:" + srcPort + "/");
        OpenSsl noName = OpenSsl.connect(srcPort, "-noservername");

        assertThat(unknown.exitCode()).as("curl: %s", unknown.stderr()).isEqualTo(35); // SSL connect error
        assertThat(noName.output()).doesNotContain("BEGIN CERTIFICATE");
        assertThat(backendA.accessLog().lines().count() + backendB.accessLog().lines().count())
                .isEqualTo(servedBefore);
        assertThat(counters(srcPort).errors()).isEqualTo(2);
        assertThat(https("a.example.com", srcPort).status()).as("the port still serves").isEqualTo(200);
    }

    @Test
    void garbageOrAnOversizedClientHelloIsClosedAndTheNextClientIsServed() throws Exception {
        int srcPort = twoSniServices(proxy.gateway(), "");

        try (Socket plainHttp = connect(srcPort); Socket alertLike = connect(srcPort);
             Socket oversized = connect(srcPort)) {
            plainHttp.getOutputStream().write("GET / HTTP/1.1\r\nHost: a.example.com\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            // Content type "alert", then bytes that are no TLS record: Netty's NotSslRecordException path.
            alertLike.getOutputStream().write(new byte[]{0x15, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f});
            // A handshake record announcing a 64 KiB ClientHello, over the 32 KiB bound: refused before buffering.
            oversized.getOutputStream().write(new byte[]{0x16, 0x03, 0x01, 0x00, 0x04, 0x01, 0x01, 0x00, 0x00});

            assertThat(readUntilClosed(plainHttp.getInputStream())).isEmpty();
            assertThat(readUntilClosed(alertLike.getInputStream())).isEmpty();
            assertThat(readUntilClosed(oversized.getInputStream())).isEmpty();
        }
        assertThat(counters(srcPort).errors()).isEqualTo(3);
        assertThat(https("a.example.com", srcPort).head().header("X-Backend")).contains("a");
    }

    @Test
    void aClientThatStallsMidClientHelloIsClosedAfterTheHelloWaitWhileOthersAreServed() throws Exception {
        // timeoutClient=1 shortens the wait for the ClientHello (DFP's inspect-delay, 5 s) to 1 s.
        int srcPort = twoSniServices(proxy.gateway(), "&timeoutClient=1");

        try (Socket stalled = connect(srcPort)) {
            // A handshake record header announcing 512 bytes, then nothing.
            stalled.getOutputStream().write(new byte[]{0x16, 0x03, 0x01, 0x02, 0x00, 0x01});
            long started = System.nanoTime();
            CompletableFuture<byte[]> closed = CompletableFuture.supplyAsync(() -> readUntilClosed(stalled));

            assertThat(https("b.example.com", srcPort).head().header("X-Backend")).contains("b");
            assertThat(closed.get(4, TimeUnit.SECONDS)).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        }
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(counters(srcPort).errors()).isEqualTo(1));
    }

    @Test
    void sendProxyPutsAProxyHeaderBeforeTheRelayedClientHello() throws Exception {
        X509Bundle certificate = selfSigned("pp.example.com");
        File chain = certificate.toTempCertChainPem();
        File key = certificate.toTempPrivateKeyPem();
        try (Nginx receiver = Nginx.builder("pp").tls(chain.toPath(), key.toPath()).proxyProtocol()
                .location("location = /pp { return 200 \"$proxy_protocol_addr\\n\"; }").start()) {
            int srcPort = FreePort.pick();
            proxy.gateway().route("pp", receiver.port(), "reqMode=sni&srcPort=" + srcPort
                    + "&servicePath=pp.example.com&sendProxy=v1");
            await().atMost(Duration.ofSeconds(5)).until(() -> GatewayUnderTest.accepts(srcPort));

            Curl.Response response = Curl.include("--resolve", "pp.example.com:" + srcPort + ":127.0.0.1", "-k",
                    "https://pp.example.com:" + srcPort + "/pp");

            assertThat(response.body()).isEqualTo("127.0.0.1\n");
            assertThat(serverCertificate("pp.example.com", srcPort))
                    .isEqualTo(pemBody(certificate.getCertificatePEM()));
        } finally {
            chain.delete();
            key.delete();
        }
    }

    @Test
    void anSniSrcPortThatIsAnHttpListenerIsRefusedWithTheFix() {
        GatewayUnderTest.Reply reply = proxy.gateway().reconfigure("serviceName=a&reqMode=sni&srcPort="
                + proxy.gateway().port() + "&port=" + backendA.port() + "&outboundHostname=127.0.0.1"
                + "&servicePath=a.example.com");

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.body()).contains("is already taken by the proxy's HTTP listener (DEFAULT_PORTS)")
                .contains("DEFAULT_PORTS=80 for a reqMode=sni service on 443");
    }

    @Test
    void aPlainTcpServiceCannotJoinAnSniPort() {
        int srcPort = twoSniServices(proxy.gateway(), "");

        GatewayUnderTest.Reply reply = proxy.gateway().reconfigure("serviceName=redis&reqMode=tcp&srcPort=" + srcPort
                + "&port=6379&outboundHostname=127.0.0.1");

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.body()).contains("srcPort " + srcPort + " is already taken by service a (reqMode=sni)");
    }

    @Test
    void sniServicesMadeThroughTheApiServeAgainAfterARestart() {
        GatewayUnderTest first = GatewayUnderTest.start();
        int srcPort = twoSniServices(first, "");

        try (GatewayUnderTest restarted = first.restart()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> GatewayUnderTest.accepts(srcPort));

            assertThat(https("a.example.com", srcPort).head().header("X-Backend")).contains("a");
            assertThat(https("b.example.com", srcPort).head().header("X-Backend")).contains("b");
            assertThat(restarted.admin("/v1/docker-flow-proxy/config").body()).contains("sni " + srcPort);
        }
    }

    @Test
    void sniServicesFromDfpServiceVariablesServeFromTheStart() {
        int srcPort = FreePort.pick();
        Map<String, String> env = new HashMap<>();
        env.putAll(Map.of("DFP_SERVICE_1_SERVICE_NAME", "a", "DFP_SERVICE_1_REQ_MODE", "sni",
                "DFP_SERVICE_1_SRC_PORT", String.valueOf(srcPort), "DFP_SERVICE_1_PORT", String.valueOf(backendA.port()),
                "DFP_SERVICE_1_OUTBOUND_HOSTNAME", "127.0.0.1", "DFP_SERVICE_1_SERVICE_PATH", "a.example.com"));
        env.putAll(Map.of("DFP_SERVICE_2_SERVICE_NAME", "b", "DFP_SERVICE_2_REQ_MODE", "sni",
                "DFP_SERVICE_2_SRC_PORT", String.valueOf(srcPort), "DFP_SERVICE_2_PORT", String.valueOf(backendB.port()),
                "DFP_SERVICE_2_OUTBOUND_HOSTNAME", "127.0.0.1", "DFP_SERVICE_2_SERVICE_PATH", "b.",
                "DFP_SERVICE_2_PATH_TYPE", "req_ssl_sni -i -m beg"));
        try (GatewayUnderTest fromEnv = GatewayUnderTest.start(env)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> GatewayUnderTest.accepts(srcPort));

            assertThat(https("a.example.com", srcPort).head().header("X-Backend")).contains("a");
            assertThat(https("b.example.com", srcPort).head().header("X-Backend")).contains("b");
            assertThat(fromEnv.admin("/v1/docker-flow-proxy/config").body()).contains("sni " + srcPort)
                    .contains("-m beg b. -> 127.0.0.1:" + backendB.port());
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** Service a takes exactly a.example.com, service b every name starting with "b." (DFP's tutorial form). */
    private static int twoSniServices(GatewayUnderTest gateway, String extra) {
        int srcPort = FreePort.pick();
        gateway.route("a", backendA.port(), "reqMode=sni&srcPort=" + srcPort + "&servicePath=a.example.com" + extra);
        gateway.route("b", backendB.port(), "reqMode=sni&srcPort=" + srcPort + "&servicePath=b."
                + "&pathType=req_ssl_sni%20-i%20-m%20beg" + extra);
        await().atMost(Duration.ofSeconds(5)).until(() -> GatewayUnderTest.accepts(srcPort));
        return srcPort;
    }

    private TcpPortCounters counters(int srcPort) {
        return proxy.gateway().runtime().gateway().tcp().portCounters().get(srcPort);
    }

    private static Curl.Response https(String serverName, int srcPort) {
        return Curl.include("--resolve", serverName + ":" + srcPort + ":127.0.0.1", "-k",
                "https://" + serverName + ":" + srcPort + "/hello");
    }

    /** The PEM body (base64 without line breaks) of the certificate the server sent for {@code serverName}. */
    private static String serverCertificate(String serverName, int srcPort) {
        String output = OpenSsl.connect(srcPort, "-servername", serverName).output();
        int begin = output.indexOf("-----BEGIN CERTIFICATE-----");
        int end = output.indexOf("-----END CERTIFICATE-----");
        assertThat(begin).as("s_client output: %s", output).isNotNegative();
        return pemBody(output.substring(begin, end + "-----END CERTIFICATE-----".length()));
    }

    /** The first TLS record a TLS 1.2 client sends for {@code serverName}: its whole ClientHello. */
    private static byte[] clientHello(String serverName) throws Exception {
        SSLContext context = SSLContext.getInstance("TLSv1.2");
        context.init(null, null, null);
        SSLEngine engine = context.createSSLEngine(serverName, 443);
        engine.setUseClientMode(true);
        engine.setEnabledProtocols(new String[]{"TLSv1.2"});
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(serverName)));
        engine.setSSLParameters(parameters);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.beginHandshake();
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] record = new byte[out.remaining()];
        out.get(record);
        return record;
    }

    /** The ClientHello record's body split over two handshake records, 40 bytes in the first. */
    private static byte[][] twoRecords(byte[] record) {
        byte[] body = Arrays.copyOfRange(record, 5, record.length);
        return new byte[][]{tlsRecord(record, Arrays.copyOfRange(body, 0, 40)),
                tlsRecord(record, Arrays.copyOfRange(body, 40, body.length))};
    }

    private static byte[] tlsRecord(byte[] like, byte[] body) {
        byte[] record = new byte[5 + body.length];
        System.arraycopy(like, 0, record, 0, 3);
        record[3] = (byte) (body.length >> 8);
        record[4] = (byte) body.length;
        System.arraycopy(body, 0, record, 5, body.length);
        return record;
    }

    /** Reads until {@code expected} has been received, or the server stops (closes, or 10 s of silence). */
    private static byte[] readUntilContains(InputStream in, byte[] expected) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                received.write(buffer, 0, n);
                if (indexOf(received.toByteArray(), expected) >= 0) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            // what came so far is the answer; the assertions say what is missing
        }
        return received.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String pemBody(String pem) {
        return pem.replace("-----BEGIN CERTIFICATE-----", "").replace("-----END CERTIFICATE-----", "")
                .replaceAll("\\s", "");
    }

    private static X509Bundle selfSigned(String name) throws Exception {
        return new CertificateBuilder().subject("CN=" + name).addSanDnsName(name).ecp256()
                .setIsCertificateAuthority(true).buildSelfSigned();
    }

    private static Nginx tlsBackend(String name, X509Bundle certificate) throws IOException {
        File chain = certificate.toTempCertChainPem();
        File key = certificate.toTempPrivateKeyPem();
        chain.deleteOnExit();
        key.deleteOnExit();
        return Nginx.builder(name).tls(chain.toPath(), key.toPath()).start();
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static byte[] readUntilClosed(Socket socket) {
        try {
            return readUntilClosed(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything the proxy sent until it closed; a read timeout (10 s) fails the test. */
    private static byte[] readUntilClosed(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the proxy kept the connection open", e);
        } catch (IOException e) {
            return new byte[0]; // a reset is a close too
        }
    }

    /** {@code openssl s_client} against 127.0.0.1:port, stdin closed so it leaves after the handshake. */
    private record OpenSsl(String output) {

        static OpenSsl connect(int port, String... options) {
            List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect",
                    "127.0.0.1:" + port, "-showcerts"));
            command.addAll(List.of(options));
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
                CompletableFuture<String> output = StreamText.readAll(process.getInputStream());
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new AssertionError("openssl s_client did not finish: " + command);
                }
                return new OpenSsl(output.get(5, TimeUnit.SECONDS));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
