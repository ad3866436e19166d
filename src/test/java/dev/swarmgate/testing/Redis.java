package dev.swarmgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Debian's redis-server as a real TCP backend on a free 127.0.0.1 port, without persistence, plus {@code redis-cli}
 * as a real client. {@link #close()} stops the server.
 */
public final class Redis implements AutoCloseable {

    public static final Path REDIS_SERVER = Path.of("/usr/bin/redis-server");
    public static final Path REDIS_CLI = Path.of("/usr/bin/redis-cli");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final int BIND_ATTEMPTS = 3;

    private final int port;
    private final PeerProcess peer;

    private Redis(int port, Process process) {
        this.port = port;
        this.peer = new PeerProcess("redis-" + port, process, null);
    }

    /** Starts redis-server on a free port and waits until it accepts connections. */
    public static Redis start() {
        IllegalStateException last = null;
        for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
            int port = FreePort.pick();
            Process process;
            try {
                process = new ProcessBuilder(REDIS_SERVER.toString(), "--save", "", "--appendonly", "no",
                        "--port", String.valueOf(port), "--bind", "127.0.0.1")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + REDIS_SERVER + " (apt-get install redis-server)", e);
            }
            try {
                InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
                await().atMost(START_TIMEOUT).until(() -> !process.isAlive() || PeerProcess.accepts(address));
            } catch (RuntimeException e) {
                process.destroyForcibly();
                throw e;
            }
            if (process.isAlive()) {
                return new Redis(port, process);
            }
            last = new IllegalStateException("redis-server exited with " + process.exitValue() + " on port " + port);
        }
        throw last;
    }

    public int port() {
        return port;
    }

    /** Runs {@code redis-cli -h 127.0.0.1 -p <port> <args>} and returns its standard output, trimmed. */
    public static String cli(int port, String... args) {
        List<String> command = new ArrayList<>(List.of(REDIS_CLI.toString(), "-h", "127.0.0.1", "-p",
                String.valueOf(port)));
        command.addAll(List.of(args));
        Path output = null;
        try {
            // into a file, not a pipe: an answer larger than the pipe's buffer would hold redis-cli up until read
            output = Files.createTempFile("redis-cli-", ".out");
            Process cli = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .start();
            if (!cli.waitFor(10, TimeUnit.SECONDS)) {
                cli.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within 10 s");
            }
            return Files.readString(output, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (output != null) {
                output.toFile().delete();
            }
        }
    }

    @Override
    public void close() {
        peer.close();
    }
}
