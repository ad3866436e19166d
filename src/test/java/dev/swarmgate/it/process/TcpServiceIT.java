package dev.swarmgate.it.process;

import dev.swarmgate.testing.FreePort;
import dev.swarmgate.testing.Nginx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code swarmgate tcp-service} as a process, configured like swarm-tcp-proxy, in front of a PROXY-protocol nginx. */
class TcpServiceIT {

    @TempDir
    Path dir;

    private Process start(Map<String, String> env, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(List.of(SwarmgateProcess.JAVA.toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", SwarmgateProcess.jar().toString(), "tcp-service"))
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().keySet().retainAll(List.of("PATH", "HOME", "LANG", "TMPDIR"));
        builder.environment().putAll(env);
        return builder.start();
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** One HTTP/1.0 request through the proxy; what came back (empty when the backend closed on us). */
    private static String get(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET / HTTP/1.0\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (java.net.SocketException e) {
            return "";
        }
    }

    private String run(Nginx nginx, Map<String, String> extra) throws Exception {
        int port = FreePort.pick();
        Path log = Files.createTempFile(dir, "tcp-service-", ".log");
        Map<String, String> env = new java.util.HashMap<>(Map.of("SERVICE_NAME", "localhost",
                "SERVICE_PORT", String.valueOf(nginx.port()), "LISTEN_PORT", String.valueOf(port),
                "LISTEN_IP", "127.0.0.1"));
        env.putAll(extra);
        Process proxy = start(env, log);
        try {
            await().atMost(Duration.ofSeconds(60)).failFast(() -> !proxy.isAlive()).until(() -> accepts(port));
            return get(port);
        } finally {
            proxy.destroy();
            assertThat(proxy.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(proxy.exitValue()).as(Files.readString(log)).isZero();
        }
    }

    @Test
    void sendsProxyV1ByDefaultSoAProxyProtocolBackendAnswers() throws Exception {
        try (Nginx nginx = Nginx.builder("pp").proxyProtocol().start()) {
            assertThat(run(nginx, Map.of())).startsWith("HTTP/1.1 200").contains("nginx GET /");
        }
    }

    @Test
    void disableProxyProtocolSendsNoHeaderSoAProxyProtocolBackendRefuses() throws Exception {
        try (Nginx nginx = Nginx.builder("pp").proxyProtocol().start()) {
            assertThat(run(nginx, Map.of("DISABLE_PROXY_PROTOCOL", "true"))).doesNotContain("nginx GET /");
            assertThat(nginx.errorLog()).contains("broken header");
        }
    }
}
