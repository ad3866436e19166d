package dev.swarmgate.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code openssl s_client} as a real TLS client: one handshake to 127.0.0.1, stdin closed so it ends after
 * the handshake, bounded in time. The output tells the served certificate, protocol, ALPN and session reuse.
 */
public final class OpenSslClient {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    private OpenSslClient() {
    }

    /** What one s_client run printed (stdout and stderr together) and its exit code. */
    public record Handshake(int exitCode, String output) {

        /**
         * Whether the handshake finished: s_client ended well and agreed a cipher (it prints the cipher even when the
         * server's last flight was an alert, so the exit code decides).
         */
        public boolean succeeded() {
            return exitCode == 0 && output.contains("Cipher is ") && !output.contains("Cipher is (NONE)");
        }

        /** The served leaf certificate's subject line, e.g. {@code subject=CN = a.example.test}. */
        public String subject() {
            return output.lines().filter(line -> line.startsWith("subject=")).findFirst().orElse("");
        }

        public boolean reused() {
            return output.contains("Reused, ");
        }
    }

    /** {@code openssl s_client -connect 127.0.0.1:<port> <args>}; stdin is empty. */
    public static Handshake connect(int port, String... args) {
        return connectSending(port, null, args);
    }

    /**
     * As {@link #connect}, writing {@code input} (e.g. an HTTP request with {@code Connection: close}, together with
     * {@code -ign_eof}) after the handshake, so s_client stays until the server has answered and closed; TLS 1.3
     * session tickets arrive only after the handshake.
     */
    public static Handshake connectSending(int port, String input, String... args) {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port));
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            if (input == null) {
                builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            }
            Process process = builder.start();
            CompletableFuture<String> output = StreamText.readAll(process.getInputStream());
            if (input != null) {
                try (var stdin = process.getOutputStream()) {
                    stdin.write(input.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("openssl s_client outlived " + LIMIT + ": " + command);
            }
            return new Handshake(process.exitValue(), output.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
