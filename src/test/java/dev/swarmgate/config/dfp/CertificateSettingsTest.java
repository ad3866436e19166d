package dev.swarmgate.config.dfp;

import dev.swarmgate.config.Settings;
import dev.swarmgate.config.TlsSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The certificate variables: CERTS_DIR, PREFERRED_CERTIFICATE, DNS_LOOKUP_PAUSE_MS, and CRT_LIST_PATH ignored. */
class CertificateSettingsTest {

    @TempDir
    Path secrets;

    private Settings read(Map<String, String> env) {
        return DfpSettings.read(env, secrets);
    }

    @Test
    void defaultsAreDfpsCertsDirectoryNoPreferenceAndNoPause() {
        Settings settings = read(Map.of());

        assertThat(settings.tls().certsDir()).isEqualTo(Path.of("/certs"));
        assertThat(settings.tls().preferredCertificates()).isEmpty();
        assertThat(settings.replicaSync().peerLookupPause()).isZero();
    }

    @Test
    void certsDirAndPreferredCertificateAreRead() {
        Settings settings = read(Map.of("CERTS_DIR", "/var/certs", "PREFERRED_CERTIFICATE", " main*, ,*.example.com "));

        assertThat(settings.tls().certsDir()).isEqualTo(Path.of("/var/certs"));
        assertThat(settings.tls().preferredCertificates()).containsExactly("main*", "*.example.com");
        assertThat(settings.unsupported()).isEmpty();
    }

    @Test
    void preferredCertificateMayComeFromASecret() throws Exception {
        Files.writeString(secrets.resolve("dfp_preferred_certificate"), "first.pem\n");

        assertThat(read(Map.of()).tls().preferredCertificates()).containsExactly("first.pem");
    }

    @Test
    void dnsLookupPauseIsMilliseconds() {
        assertThat(read(Map.of("DNS_LOOKUP_PAUSE_MS", "1500")).replicaSync().peerLookupPause())
                .isEqualTo(Duration.ofMillis(1500));
        assertThatThrownBy(() -> read(Map.of("DNS_LOOKUP_PAUSE_MS", "soon")))
                .hasMessageContaining("DNS_LOOKUP_PAUSE_MS").hasMessageContaining("milliseconds");
    }

    @Test
    void crtListPathIsIgnoredSayingWhereCertificatesGoInstead() {
        List<String> unsupported = read(Map.of("CRT_LIST_PATH", "/cfg/my-list.txt")).unsupported();

        assertThat(unsupported).singleElement().asString().startsWith("CRT_LIST_PATH points at an HAProxy crt-list")
                .contains("CERTS_DIR");
    }

    @Test
    void theDeprecatedCertsVariableIsIgnored() {
        assertThat(read(Map.of("CERTS", "/certs/a.pem")).unsupported()).singleElement().asString()
                .startsWith("CERTS is deprecated");
        assertThat(read(Map.of()).tls()).isEqualTo(TlsSettings.DEFAULTS);
    }
}
