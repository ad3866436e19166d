package dev.swarmgate.testing;

import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * Debian's HAProxy as an independent PROXY-protocol peer: {@code haproxy -f <cfg> -db} in the foreground with a
 * configuration the test writes (frontends, backends, {@code send-proxy}, ...) after a fixed {@code global} and
 * {@code defaults} section ({@code mode tcp}), stopped and removed by {@link #close()}.
 */
public final class HAProxy implements AutoCloseable {

    public static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final Path dir;
    private final PeerProcess peer;

    private HAProxy(Path dir, Process process) {
        this.dir = dir;
        this.peer = new PeerProcess("haproxy", process, dir);
    }

    /**
     * Starts HAProxy with {@code sections} (frontends and backends) and returns once every address in
     * {@code listening} accepts connections.
     */
    public static HAProxy start(String sections, List<InetSocketAddress> listening) {
        if (!Files.isExecutable(HAPROXY)) {
            throw new IllegalStateException(HAPROXY + " is missing: PROXY-protocol peer tests use Debian's haproxy."
                    + " Install it (apt-get install haproxy).");
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("swarmgate-haproxy-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String config = """
                global
                    maxconn 256
                defaults
                    mode tcp
                    timeout connect 5s
                    timeout client 30s
                    timeout server 30s
                """ + sections;
        Path cfg = dir.resolve("haproxy.cfg");
        Process process;
        try {
            Files.writeString(cfg, config);
            process = new ProcessBuilder(HAPROXY.toString(), "-f", cfg.toString(), "-db")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("haproxy.out").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            PeerProcess.deleteRecursively(dir);
            throw new UncheckedIOException("could not start " + HAPROXY, e);
        }
        HAProxy haproxy = new HAProxy(dir, process);
        try {
            await().atMost(START_TIMEOUT)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(20))
                    .failFast("haproxy exited", () -> !process.isAlive())
                    .until(() -> listening.stream().allMatch(PeerProcess::accepts));
            return haproxy;
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            String output = haproxy.output();
            haproxy.close();
            throw new IllegalStateException("haproxy did not start (" + (process.isAlive() ? "not accepting" : "exited")
                    + "). Config:\n" + config + "\nOutput:\n" + output, e);
        }
    }

    /** What haproxy printed so far (warnings, alerts), for assertion messages. */
    public String output() {
        try {
            Path out = dir.resolve("haproxy.out");
            return Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(could not read haproxy.out: " + e + ")";
        }
    }

    @Override
    public void close() {
        peer.close();
    }

    /** {@code 127.0.0.1:port} */
    public static InetSocketAddress ipv4(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** {@code [::1]:port} */
    public static InetSocketAddress ipv6(int port) {
        return new InetSocketAddress("::1", port);
    }
}
