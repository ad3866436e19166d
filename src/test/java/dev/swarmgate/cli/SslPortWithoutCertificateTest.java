package dev.swarmgate.cli;

import dev.swarmgate.testing.LogCapture;
import dev.swarmgate.testing.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An {@code :ssl} port without a certificate serves plain HTTP, as DFP's did; the log says so loudly. */
class SslPortWithoutCertificateTest {

    private static final String FIX = "add a certificate to terminate TLS there: a cert-<name> secret on the proxy"
            + " service, a combined PEM file in CERTS_DIR (default /certs), or"
            + " PUT /v1/docker-flow-proxy/cert?certName=<name> on the admin API (docs/tls.md)";

    @TempDir
    Path dir;

    @Test
    void anSslPortWithoutCertificateWarnsAtStartNamingThePortAndTheFix() throws Exception {
        int plain = freePort();
        int ssl = freePort();
        try (LogCapture log = LogCapture.all();
             ProxyRuntime ignored = ProxyRuntime.fromEnvironment(env(plain + "," + ssl + ":ssl"), secrets()).start()) {
            assertThat(log.lines()).contains("port " + ssl + " (127.0.0.1:" + ssl + ") is declared :ssl but serves"
                    + " plain HTTP: no certificate exists; " + FIX);
            assertThat(log.lines()).noneMatch(line -> line.contains("port " + plain + " (") && line.contains(":ssl"));
        }
    }

    @Test
    void anSslPortWithACertificateDoesNotWarn() throws Exception {
        int ssl = freePort();
        Map<String, String> env = env(ssl + ":ssl");
        Files.writeString(Files.createDirectories(Path.of(env.get("CERTS_DIR"))).resolve("example.com.pem"),
                TestCertificates.combined(TestCertificates.ec("example.com")));
        try (LogCapture log = LogCapture.all();
             ProxyRuntime ignored = ProxyRuntime.fromEnvironment(env, secrets()).start()) {
            assertThat(log.lines()).noneMatch(line -> line.contains("serves plain HTTP"));
            assertThat(log.lines()).anyMatch(line -> line.contains(":" + ssl + " (ssl: TLS)"));
        }
    }

    @Test
    void losingTheLastCertificateWarnsNamingThePorts() throws Exception {
        int ssl = freePort();
        Map<String, String> env = env(ssl + ":ssl");
        Path certificate = Files.createDirectories(Path.of(env.get("CERTS_DIR"))).resolve("example.com.pem");
        Files.writeString(certificate, TestCertificates.combined(TestCertificates.ec("example.com")));
        try (LogCapture log = LogCapture.all();
             ProxyRuntime proxy = ProxyRuntime.fromEnvironment(env, secrets()).start()) {
            Files.delete(certificate);
            proxy.certificates().rescan().join();

            assertThat(log.lines()).contains("the last certificate is gone: :ssl port(s) [" + ssl + "] serve plain"
                    + " HTTP to new connections; " + FIX);
        }
    }

    private Map<String, String> env(String defaultPorts) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", Integer.toString(freePort()));
        env.put("IP", "127.0.0.1");
        env.put("DEFAULT_PORTS", defaultPorts);
        env.put("LISTEN_IP", "127.0.0.1");
        env.put("STATE_DIR", dir.resolve("state").toString());
        env.put("CERTS_DIR", dir.resolve("certs").toString());
        env.put("SWARM_DISCOVERY", "off");
        return env;
    }

    private Path secrets() throws IOException {
        return Files.createDirectories(dir.resolve("secrets"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
