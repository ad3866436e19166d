package dev.swarmgate.config.dfp;

import dev.swarmgate.config.Settings;
import dev.swarmgate.config.TlsSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TlsListenerSettingsTest {

    /** Docker Flow Proxy's image default of SSL_BIND_CIPHERS. */
    static final String DFP_DEFAULT_CIPHERS = "ECDH+AESGCM:ECDH+CHACHA20:DH+AESGCM:ECDH+AES256:DH+AES256:ECDH+AES128:"
            + "DH+AES:RSA+AESGCM:RSA+AES:!aNULL:!MD5:!DSS";

    @TempDir
    Path secrets;

    @TempDir
    Path scratch;

    private TlsSettings read(Map<String, String> env) {
        return settings(env).tls();
    }

    private Settings settings(Map<String, String> env) {
        return DfpSettings.read(env, secrets, scratch.resolve("no-errorfiles"));
    }

    @Test
    void defaultsOfferH2TlsOneTwoAndThreeTicketsAndTheHttpRequestTimeout() {
        TlsSettings tls = read(Map.of());
        assertThat(tls.http2()).isTrue();
        assertThat(tls.caFile()).isEmpty();
        assertThat(tls.protocols()).containsExactly("TLSv1.2", "TLSv1.3");
        assertThat(tls.ciphers()).isEmpty();
        assertThat(tls.cipherSuites()).isEmpty();
        assertThat(tls.sessionTickets()).isTrue();
        assertThat(tls.handshakeTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings(Map.of()).unsupported()).isEmpty();
    }

    @Test
    void handshakeTimeoutIsTimeoutHttpRequest() {
        assertThat(read(Map.of("TIMEOUT_HTTP_REQUEST", "2")).handshakeTimeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void enableH2FalseOffersOnlyHttp11() {
        assertThat(read(Map.of("ENABLE_H2", "false")).http2()).isFalse();
        assertThatThrownBy(() -> read(Map.of("ENABLE_H2", "yes")))
                .hasMessageContaining("ENABLE_H2=yes").hasMessageContaining("true or false");
    }

    @Test
    void dfpDefaultBindOptionsChangeNothing() {
        Settings settings = settings(Map.of("SSL_BIND_OPTIONS", "no-sslv3", "SSL_BIND_CIPHERS", DFP_DEFAULT_CIPHERS,
                "ENABLE_H2", "true"));
        assertThat(settings.tls().protocols()).containsExactly("TLSv1.2", "TLSv1.3");
        assertThat(settings.tls().sessionTickets()).isTrue();
        assertThat(settings.unsupported()).as("these variables are read now, not reported as ignored").isEmpty();
    }

    @Test
    void bindOptionsFromASecretSetVersionsAndTickets() throws IOException {
        Files.writeString(secrets.resolve("dfp_ssl_bind_options"), "ssl-min-ver TLSv1.3 no-tls-tickets\n");
        TlsSettings tls = read(Map.of("SSL_BIND_OPTIONS", "no-sslv3"));
        assertThat(tls.protocols()).containsExactly("TLSv1.3");
        assertThat(tls.sessionTickets()).isFalse();
    }

    @Test
    void unknownBindOptionIsRefusedNamingTheWordAndTheSupportedOnes() {
        assertThatThrownBy(() -> read(Map.of("SSL_BIND_OPTIONS", "no-sslv3 prefer-client-ciphers")))
                .hasMessageContaining("SSL_BIND_OPTIONS=no-sslv3 prefer-client-ciphers (from the environment)")
                .hasMessageContaining("'prefer-client-ciphers' is not a supported option")
                .hasMessageContaining("ssl-min-ver");
    }

    @Test
    void dfpDefaultCipherStringExpandsToTheSuitesBoringSslHas() {
        List<String> ciphers = read(Map.of("SSL_BIND_CIPHERS", DFP_DEFAULT_CIPHERS)).ciphers();
        assertThat(ciphers.subList(0, 6)).allMatch(name -> name.startsWith("TLS_ECDHE_")
                && (name.contains("GCM") || name.contains("CHACHA20")));
        assertThat(ciphers).contains("TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA")
                .noneMatch(name -> name.contains("3DES") || name.contains("RC4") || name.contains("NULL"));
    }

    @Test
    void unknownCipherWordIsRefused() {
        assertThatThrownBy(() -> read(Map.of("SSL_BIND_CIPHERS", "ECDHE+AESGCM:FAST")))
                .hasMessageContaining("SSL_BIND_CIPHERS=ECDHE+AESGCM:FAST")
                .hasMessageContaining("'FAST' is not a cipher alias");
    }

    @Test
    void tls13SuitesAreCheckedAndReportedAsNotAppliedOnBoringSsl() {
        Settings settings = settings(Map.of("SSL_BIND_CIPHERSUITES", "TLS_AES_256_GCM_SHA384"));
        assertThat(settings.tls().cipherSuites()).containsExactly("TLS_AES_256_GCM_SHA384");
        assertThat(settings.unsupported()).singleElement().asString().startsWith("SSL_BIND_CIPHERSUITES ");
        assertThatThrownBy(() -> read(Map.of("SSL_BIND_CIPHERSUITES", "TLS_AES_128_CCM_SHA256")))
                .hasMessageContaining("'TLS_AES_128_CCM_SHA256' is not one");
    }

    @Test
    void caFileMustBeAReadableFile() throws IOException {
        Path ca = Files.writeString(scratch.resolve("ca.pem"), "pem");
        assertThat(read(Map.of("CA_FILE", ca.toString())).caFile()).contains(ca);
        assertThatThrownBy(() -> read(Map.of("CA_FILE", scratch.resolve("missing.pem").toString())))
                .hasMessageContaining("CA_FILE=").hasMessageContaining("is not a readable file");
    }
}
