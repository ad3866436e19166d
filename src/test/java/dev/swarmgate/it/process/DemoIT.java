package dev.swarmgate.it.process;

import dev.swarmgate.testing.Curl;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's first command, {@code ./swarmgate demo}, run through the launcher from the project root: it must print
 * working curl commands and stop on SIGTERM. The jar is fresh after {@code package}, so the launcher runs it as is.
 */
class DemoIT {

    private static final String READY = "Swarmgate demo ready";
    private static final Pattern HELLO = Pattern.compile("curl -i http://127\\.0\\.0\\.1:(\\d+)/demo/hello");
    /** Generous: should the launcher decide to rebuild the jar, the build happens before the demo starts. */
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    @RegisterExtension
    final ProcessLogs logs = new ProcessLogs();

    @TempDir
    Path dir;

    private Process demo;
    private Path log;

    @AfterEach
    void killDemo() {
        if (demo != null) {
            demo.descendants().forEach(ProcessHandle::destroyForcibly);
            demo.destroyForcibly();
        }
    }

    @Test
    void demoPrintsCurlCommandsThatWorkAndStopsOnSigterm() throws Exception {
        int port = startDemo();
        String url = "http://127.0.0.1:" + port + "/demo/hello";

        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).startsWith("hello from demo backend");
        }

        // Exactly what the demo tells the user to type.
        Curl.Response response = Curl.include(url);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).startsWith("hello from demo backend");

        // The launcher execs java, so this SIGTERM reaches the JVM itself.
        demo.destroy();
        assertThat(demo.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                .as("demo exits within %s of SIGTERM", STOP_TIMEOUT).isTrue();
        assertThat(demo.exitValue()).isEqualTo(SwarmgateProcess.SIGTERM_EXIT);
        assertThat(read(log)).contains("Shutting down");
    }

    @Test
    void demoProxyIsReachableOnLoopbackOnly() throws Exception {
        Optional<InetAddress> external = nonLoopbackIpv4();
        assumeThat(external).as("a non-loopback IPv4 address on this host").isPresent();
        int port = startDemo();

        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(external.get(), port), 2000);
            fail("the demo proxy accepted a connection on %s:%d; it should listen on 127.0.0.1 only",
                    external.get().getHostAddress(), port);
        } catch (IOException refused) {
            // expected: nothing listens there
        }
    }

    /** Runs {@code ./swarmgate demo}, waits for the ready line and returns the proxy port of its hello URL. */
    private int startDemo() throws IOException {
        Path root = SwarmgateProcess.jar().toAbsolutePath().getParent().getParent();
        Path launcher = root.resolve("swarmgate");
        assertThat(launcher).as("the launcher next to pom.xml").isExecutable();
        log = dir.resolve("demo.log");
        ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "demo").directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = builder.environment();
        env.keySet().retainAll(List.of("PATH", "HOME", "LANG", "TMPDIR"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        demo = builder.start();
        Path output = log;
        logs.watch("swarmgate demo", () -> read(output), demo);
        try {
            await("'" + READY + "' from ./swarmgate demo").atMost(READY_TIMEOUT)
                    .pollInterval(Duration.ofMillis(100))
                    .failFast("./swarmgate demo exited", () -> !demo.isAlive())
                    .until(() -> read(output).contains(READY));
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new AssertionError("no '" + READY + "' line. Output:\n" + read(output), e);
        }
        Matcher hello = HELLO.matcher(read(output));
        assertThat(hello.find()).as("a 'curl -i http://127.0.0.1:<port>/demo/hello' line in:%n%s", read(output))
                .isTrue();
        return Integer.parseInt(hello.group(1));
    }

    private static Optional<InetAddress> nonLoopbackIpv4() throws SocketException {
        return NetworkInterface.networkInterfaces()
                .filter(nic -> {
                    try {
                        return nic.isUp() && !nic.isLoopback();
                    } catch (SocketException e) {
                        return false;
                    }
                })
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                .findFirst();
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(could not read " + log + ": " + e + ")";
        }
    }
}
