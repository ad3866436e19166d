package dev.swarmgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swarmgate.proxy.tls.CertificateSet;
import dev.swarmgate.testing.FreePort;
import dev.swarmgate.testing.StreamText;
import dev.swarmgate.testing.TestPki;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's {@code testssl.sh} scans the TLS listener with its default settings: no weak protocol (SSLv2, SSLv3, TLS
 * 1.0, 1.1) and no weak cipher category (NULL, anonymous, EXPORT, LOW, 3DES/IDEA, obsolete CBC), by testssl's own
 * verdicts. Only the protocol and cipher-category checks run ({@code -p -s}) and DNS look-ups are off
 * ({@code --nodns none}: without a network, reverse look-ups of 127.0.0.1 time out), about 40 s on a 2-core machine
 * instead of two minutes.
 */
@Tag("testssl")
class TestsslScanTest {

    private static final long LIMIT_SECONDS = 180;

    @TempDir
    Path dir;

    @Test
    void testsslFindsNoWeakProtocolOrCipherInTheDefaults() throws Exception {
        TestPki pki = TestPki.in(dir);
        try (RecordingBackend backend = RecordingBackend.start();
             GatewayUnderTest gateway = GatewayUnderTest.start(Map.of("DEFAULT_PORTS", FreePort.pick() + ":ssl"))) {
            gateway.route("app", backend.port(), "servicePath=/");
            TlsListenerTest.tls(gateway).certificates(new CertificateSet(List.of(
                    TestPki.serverCertificate("localhost.pem", pki.server("localhost"), "localhost"))));
            Path json = dir.resolve("testssl.json");
            String output = testssl(json, "-p", "-s", "127.0.0.1:" + gateway.port());

            Map<String, JsonNode> findings = new HashMap<>();
            for (JsonNode finding : new ObjectMapper().readTree(json.toFile())) {
                findings.put(finding.path("id").asText(), finding);
            }
            assertThat(findings).as(output).containsKeys("TLS1_2", "TLS1_3", "cipherlist_NULL");
            for (String protocol : List.of("SSLv2", "SSLv3", "TLS1", "TLS1_1")) {
                assertThat(findings.get(protocol).path("finding").asText()).as(protocol).startsWith("not offered");
            }
            assertThat(findings.get("TLS1_2").path("finding").asText()).startsWith("offered");
            assertThat(findings.get("TLS1_3").path("finding").asText()).startsWith("offered");
            for (String weak : List.of("cipherlist_NULL", "cipherlist_aNULL", "cipherlist_EXPORT", "cipherlist_LOW",
                    "cipherlist_3DES_IDEA", "cipherlist_AVERAGE")) {
                JsonNode finding = findings.get(weak);
                assertThat(finding).as(weak + " in " + output).isNotNull();
                assertThat(finding.path("finding").asText()).as(weak).startsWith("not offered");
            }
            assertThat(findings.get("cipherlist_STRONG").path("finding").asText()).startsWith("offered");
            assertThat(findings.values()).as("testssl's verdicts")
                    .noneMatch(finding -> List.of("HIGH", "CRITICAL").contains(finding.path("severity").asText()));
        }
    }

    private static String testssl(Path json, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("testssl", "--quiet", "--color", "0",
                "--warnings", "off", "--nodns", "none", "--connect-timeout", "5", "--openssl-timeout", "5", "--jsonfile",
                json.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        CompletableFuture<String> output = StreamText.readAll(process.getInputStream());
        if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("testssl outlived " + LIMIT_SECONDS + " s: " + command);
        }
        assertThat(Files.exists(json)).as(output.join()).isTrue();
        return output.join();
    }
}
