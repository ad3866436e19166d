package dev.swarmgate.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code swarmgate health} against a real proxy started in-process from the same environment it reads. */
class HealthCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @Test
    void aReadyProxyIsHealthy() throws Exception {
        Map<String, String> env = proxyEnvironment();
        try (ProxyRuntime ignored = ProxyRuntime.fromEnvironment(env, secrets()).start()) {
            assertThat(health(env)).isZero();
        }
        assertThat(output()).isEqualTo("healthy: http://127.0.0.1:" + env.get("PORT")
                + "/v1/docker-flow-proxy/successfulinitreload answered 200\n");
    }

    @Test
    void aProxyStillWaitingForItsFirstServiceListIsUnhealthyAndSaysSo() throws Exception {
        Map<String, String> env = proxyEnvironment();
        env.put("LISTENER_ADDRESS", "http://127.0.0.1:" + freePort());  // nothing listens: no list ever comes
        try (ProxyRuntime ignored = ProxyRuntime.fromEnvironment(env, secrets()).start()) {
            assertThat(health(env)).isEqualTo(1);
        }
        assertThat(output()).startsWith("unhealthy: http://127.0.0.1:" + env.get("PORT")
                + "/v1/docker-flow-proxy/successfulinitreload answered 500: the proxy has not applied the swarm's"
                + " services yet");
    }

    @Test
    void noProxyIsUnhealthyNamingTheAddress() throws Exception {
        Map<String, String> env = proxyEnvironment();

        assertThat(health(env)).isEqualTo(1);
        assertThat(output()).startsWith("unhealthy: nothing accepts connections on 127.0.0.1:" + env.get("PORT"))
                .contains("the proxy is not running, or its admin API is on another PORT/IP");
    }

    @Test
    void aSettingThatDoesNotParseIsUnhealthy() throws Exception {
        Map<String, String> env = proxyEnvironment();
        env.put("PORT", "http");

        assertThat(health(env)).isEqualTo(1);
        assertThat(output()).startsWith("unhealthy: the proxy's settings do not parse").contains("PORT");
    }

    @Test
    void aContainerRunningAnotherSubcommandIsHealthyWithoutAsking() throws Exception {
        Path cmdline = dir.resolve("cmdline");
        Files.write(cmdline, String.join("\0", "/opt/java/bin/java", "--enable-native-access=ALL-UNNAMED", "-jar",
                "/swarmgate.jar", "demo-backend", "").getBytes(StandardCharsets.UTF_8));

        assertThat(new HealthCommand().check(proxyEnvironment(), secrets(), cmdline, out())).isZero();
        assertThat(output()).isEqualTo("healthy: this container runs swarmgate demo-backend, which has no health"
                + " check (only the proxy has one)\n");
    }

    @Test
    void theImagesProxyIsAskedWhetherItsSubcommandIsGivenOrNot() throws Exception {
        Path cmdline = dir.resolve("cmdline");
        for (String command : new String[]{"/opt/java/bin/java\0-jar\0/swarmgate.jar\0proxy\0",
                "/opt/java/bin/java\0-jar\0/swarmgate.jar\0", "/sbin/init\0"}) {
            Files.writeString(cmdline, command);
            assertThat(HealthCommand.otherSubcommand(cmdline)).as(command).isEmpty();
        }
    }

    private int health(Map<String, String> env) throws IOException {
        return new HealthCommand().check(env, secrets(), dir.resolve("no-such-cmdline"), out());
    }

    private PrintStream out() {
        return new PrintStream(printed, true, StandardCharsets.UTF_8);
    }

    private String output() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    private Path secrets() throws IOException {
        return Files.createDirectories(dir.resolve("secrets"));
    }

    private Map<String, String> proxyEnvironment() throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", Integer.toString(freePort()));
        env.put("IP", "0.0.0.0");
        env.put("DEFAULT_PORTS", Integer.toString(freePort()));
        env.put("LISTEN_IP", "127.0.0.1");
        env.put("STATE_DIR", dir.resolve("state").toString());
        env.put("CERTS_DIR", dir.resolve("certs").toString());
        env.put("SWARM_DISCOVERY", "off");
        return env;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
