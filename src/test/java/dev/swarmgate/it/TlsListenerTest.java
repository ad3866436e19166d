package dev.swarmgate.it;

import dev.swarmgate.proxy.tls.CertificateSet;
import dev.swarmgate.proxy.tls.ServerCertificate;
import dev.swarmgate.proxy.tls.TlsTermination;
import dev.swarmgate.testing.Curl;
import dev.swarmgate.testing.FreePort;
import dev.swarmgate.testing.OpenSslClient;
import dev.swarmgate.testing.OpenSslClient.Handshake;
import dev.swarmgate.testing.TestPki;
import dev.swarmgate.testing.TestPki.Issued;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code :ssl} listener terminating TLS, driven by real clients (curl, openssl s_client): certificate choice by
 * SNI, ALPN, versions, ciphers, session resumption, X-Forwarded-Proto; docs/tls.md "TLS listeners" and "Versions,
 * ciphers and SSL_BIND_*".
 */
class TlsListenerTest {

    private static final String REQUEST = "GET /resume HTTP/1.1\r\nHost: app.test\r\nConnection: close\r\n\r\n";

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static RecordingBackend backend;
    private static GatewayUnderTest gateway;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(dir.resolve("pki"));
        pki = TestPki.in(dir.resolve("pki"));
        backend = RecordingBackend.start();
        gateway = GatewayUnderTest.start(Map.of("DEFAULT_PORTS", FreePort.pick() + ":ssl"));
        gateway.route("app", backend.port(), "servicePath=/");
        tls(gateway).certificates(new CertificateSet(List.of(
                certificate("default.pem", "default.test"),
                certificate("app.pem", "app.test", "www.app.test"),
                certificate("wild.pem", "*.wild.test"))));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        backend.close();
    }

    static TlsTermination tls(GatewayUnderTest gateway) {
        return gateway.runtime().gateway().tls();
    }

    static ServerCertificate certificate(String name, String... names) {
        return TestPki.serverCertificate(name, pki.server(names), names);
    }

    private static Handshake handshake(String... args) {
        return OpenSslClient.connect(gateway.port(), args);
    }

    @Test
    void sniPicksTheExactNameThenTheWildcardElseTheFirstCertificate() {
        assertThat(handshake("-servername", "app.test").subject()).isEqualTo("subject=CN = app.test");
        assertThat(handshake("-servername", "WWW.App.Test").subject()).isEqualTo("subject=CN = app.test");
        assertThat(handshake("-servername", "x.wild.test").subject()).isEqualTo("subject=CN = *.wild.test");
        // a wildcard covers one label: neither the bare domain nor two labels
        assertThat(handshake("-servername", "a.b.wild.test").subject()).isEqualTo("subject=CN = default.test");
        assertThat(handshake("-servername", "wild.test").subject()).isEqualTo("subject=CN = default.test");
        assertThat(handshake("-servername", "unknown.test").subject()).isEqualTo("subject=CN = default.test");
        assertThat(handshake("-noservername").subject()).isEqualTo("subject=CN = default.test");
    }

    @Test
    void curlGetsTheBackendOverHttpsWithForwardedProtoHttpsWhateverItSent() {
        String host = "app.test:" + gateway.port();
        Curl.Response response = Curl.include("--http1.1", "--cacert", pki.ca().certificate().toString(),
                "--resolve", host + ":127.0.0.1", "-H", "X-Forwarded-Proto: http", "https://" + host + "/over-tls");
        assertThat(response.status()).isEqualTo(200);
        RecordingBackend.Seen seen = backend.requests().stream().filter(r -> r.path().equals("/over-tls"))
                .findFirst().orElseThrow();
        assertThat(seen.headers().get("X-Forwarded-Proto")).containsExactly("https");
    }

    @Test
    void alpnChoosesH2WhenOffered() {
        assertThat(handshake("-servername", "app.test", "-alpn", "h2,http/1.1").output())
                .contains("ALPN protocol: h2");
        assertThat(handshake("-servername", "app.test", "-alpn", "http/1.1").output())
                .contains("ALPN protocol: http/1.1");
    }

    @Test
    void offersTls12And13ButNotOlderVersions() {
        Handshake tls13 = handshake("-servername", "app.test", "-tls1_3");
        assertThat(tls13.succeeded()).as(tls13.output()).isTrue();
        assertThat(tls13.output()).contains("TLSv1.3");
        Handshake tls12 = handshake("-servername", "app.test", "-tls1_2");
        assertThat(tls12.succeeded()).as(tls12.output()).isTrue();
        assertThat(tls12.output()).contains("Protocol  : TLSv1.2");
        // SECLEVEL=0 lets this client offer TLS 1.1 at all, so a failure is the server's refusal
        Handshake tls11 = handshake("-servername", "app.test", "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0");
        assertThat(tls11.succeeded()).as(tls11.output()).isFalse();
        Handshake tls10 = handshake("-servername", "app.test", "-tls1", "-cipher", "DEFAULT@SECLEVEL=0");
        assertThat(tls10.succeeded()).as(tls10.output()).isFalse();
    }

    @Test
    void tls12OffersEcdheAeadSuitesOnly() {
        assertThat(handshake("-servername", "app.test", "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256")
                .succeeded()).isTrue();
        assertThat(handshake("-servername", "app.test", "-tls1_2", "-cipher", "ECDHE-ECDSA-CHACHA20-POLY1305")
                .succeeded()).isTrue();
        for (String weak : List.of("ECDHE-ECDSA-AES128-SHA", "ECDHE-ECDSA-AES256-SHA", "AES128-GCM-SHA256",
                "AES128-SHA", "DES-CBC3-SHA")) {
            Handshake refused = handshake("-servername", "app.test", "-tls1_2", "-cipher", weak + "@SECLEVEL=0");
            assertThat(refused.succeeded()).as(weak + ": " + refused.output()).isFalse();
        }
    }

    @Test
    void sessionsResumeWithTicketsInTls13AndTls12AndFromTheCacheInTls12() {
        for (List<String> options : List.of(List.of("-tls1_3"), List.of("-tls1_2"), List.of("-tls1_2", "-no_ticket"))) {
            Path session = dir.resolve("session-" + String.join("", options));
            Handshake first = resumable(options, "-sess_out", session.toString());
            assertThat(first.succeeded()).as(first.output()).isTrue();
            assertThat(first.output()).contains("New, ");
            Handshake second = resumable(options, "-sess_in", session.toString());
            assertThat(second.reused()).as(options + ": " + second.output()).isTrue();
        }
    }

    private static Handshake resumable(List<String> options, String... session) {
        List<String> args = new java.util.ArrayList<>(List.of("-servername", "app.test", "-ign_eof"));
        args.addAll(options);
        args.addAll(List.of(session));
        return OpenSslClient.connectSending(gateway.port(), REQUEST, args.toArray(String[]::new));
    }
}
