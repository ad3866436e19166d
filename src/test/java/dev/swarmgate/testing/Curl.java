package dev.swarmgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's {@code /usr/bin/curl} as a real, independent HTTP client. Every run is bounded: curl gets
 * {@code --max-time} and the process is killed if it outlives that by a few seconds.
 */
public final class Curl {

    public static final Path CURL = Path.of("/usr/bin/curl");
    public static final Duration DEFAULT_MAX_TIME = Duration.ofSeconds(10);
    private static final Duration GRACE = Duration.ofSeconds(5);

    private Curl() {
    }

    /** What one curl run produced. */
    public record Result(int exitCode, String stdout, String stderr) {

        /** Splits {@code curl -i} output into the final response head and the body that follows it. */
        public Response response() {
            String rest = stdout;
            while (true) {
                int end = headEnd(rest);
                if (end < 0) {
                    throw new IllegalStateException("curl output has no complete response head (exit " + exitCode
                            + ", stderr: " + stderr.strip() + "):\n" + stdout);
                }
                ResponseHead head = ResponseHead.parse(rest.substring(0, end));
                String body = rest.substring(end).replaceFirst("^\r?\n\r?\n", "");
                // 1xx heads (100 Continue, 103 Early Hints) come before the real one.
                if (head.status() >= 200 || !body.startsWith("HTTP/")) {
                    return new Response(head, body);
                }
                rest = body;
            }
        }

        private static int headEnd(String s) {
            int crlf = s.indexOf("\r\n\r\n");
            int lf = s.indexOf("\n\n");
            if (crlf < 0) {
                return lf;
            }
            return lf < 0 ? crlf : Math.min(crlf, lf);
        }
    }

    /** A response read with {@code -i}: its head and its body as text. */
    public record Response(ResponseHead head, String body) {

        public int status() {
            return head.status();
        }
    }

    /** Runs curl with {@code --silent --show-error --max-time 10} followed by {@code args}. */
    public static Result run(String... args) {
        return run(DEFAULT_MAX_TIME, args);
    }

    /** Runs curl with {@code --silent --show-error --max-time <maxTime>} followed by {@code args}. */
    public static Result run(Duration maxTime, String... args) {
        if (!Files.isExecutable(CURL)) {
            throw new IllegalStateException(CURL + " is missing: install Debian's curl package (.ci/run does)");
        }
        List<String> command = new ArrayList<>(List.of(CURL.toString(), "--silent", "--show-error",
                "--max-time", String.valueOf(Math.max(1, maxTime.toSeconds()))));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
        CompletableFuture<String> stdout = StreamText.readAll(process.getInputStream());
        CompletableFuture<String> stderr = StreamText.readAll(process.getErrorStream());
        try {
            if (!process.waitFor(maxTime.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("curl outlived --max-time " + maxTime + ": " + command);
            }
            return new Result(process.exitValue(), stdout.get(), stderr.get());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not read the output of " + command, e.getCause());
        }
    }

    /** Runs {@code curl -i <args>} and returns the response; fails if curl itself failed (exit code not 0). */
    public static Response include(String... args) {
        List<String> withInclude = new ArrayList<>(List.of("-i"));
        withInclude.addAll(List.of(args));
        Result result = run(withInclude.toArray(String[]::new));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("curl " + String.join(" ", withInclude) + " exited " + result.exitCode()
                    + ": " + result.stderr().strip());
        }
        return result.response();
    }
}
