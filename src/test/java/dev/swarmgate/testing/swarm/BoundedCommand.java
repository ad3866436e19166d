package dev.swarmgate.testing.swarm;

import dev.swarmgate.testing.StreamText;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A local command run to completion within a time bound, its output captured: a command that outlives the bound is
 * killed and reported, so no test waits on a tool unboundedly.
 */
final class BoundedCommand {

    private BoundedCommand() {
    }

    /** What one run produced. */
    record Result(List<String> command, int exitCode, String stdout, String stderr) {

        boolean succeeded() {
            return exitCode == 0;
        }

        /** The command line and everything it said, for failure messages. */
        String describe() {
            return String.join(" ", command) + " exited " + exitCode
                    + (stderr.isBlank() ? "" : "\nstderr: " + stderr.strip())
                    + (stdout.isBlank() ? "" : "\nstdout: " + stdout.strip());
        }
    }

    static Result run(Duration timeout, List<String> command, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + String.join(" ", command), e);
        }
        CompletableFuture<String> stdout = StreamText.readAll(process.getInputStream());
        CompletableFuture<String> stderr = StreamText.readAll(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout);
            }
            return new Result(command, process.exitValue(), stdout.get(), stderr.get());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not read the output of " + String.join(" ", command), e.getCause());
        }
    }
}
