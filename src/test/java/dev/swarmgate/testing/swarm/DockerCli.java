package dev.swarmgate.testing.swarm;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code docker} command line (the first {@code docker} on the PATH), as the swarm tests drive the engine: one
 * bounded command at a time, its output captured, and a failure that names the command and docker's own words.
 */
public final class DockerCli {

    /** Long enough for any single engine call here; image builds pass their own. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private DockerCli() {
    }

    /** Runs {@code docker <args>} and returns its stdout; throws with the command and stderr if it failed. */
    public static String run(String... args) {
        return run(DEFAULT_TIMEOUT, List.of(args));
    }

    /** Runs {@code docker <args>} within {@code timeout} and returns its stdout; throws if it failed. */
    public static String run(Duration timeout, List<String> args) {
        BoundedCommand.Result result = attempt(timeout, args);
        if (!result.succeeded()) {
            throw new IllegalStateException(result.describe());
        }
        return result.stdout();
    }

    /** Runs {@code docker <args>} whatever its exit code (for commands allowed to fail). */
    static BoundedCommand.Result attempt(String... args) {
        return attempt(DEFAULT_TIMEOUT, List.of(args));
    }

    static BoundedCommand.Result attempt(Duration timeout, List<String> args) {
        List<String> command = new ArrayList<>(args.size() + 1);
        command.add("docker");
        command.addAll(args);
        try {
            return BoundedCommand.run(timeout, command, Map.of());
        } catch (UncheckedIOException e) {
            throw new IllegalStateException("could not run " + String.join(" ", command)
                    + ": is the docker CLI installed (Debian: apt-get install docker.io)?", e);
        }
    }

    /**
     * Whether docker failed because the object does not exist: the engine says {@code service x not found}, and
     * the 20.10 CLI (Debian's) rewrites it to {@code No such service: x}.
     */
    static boolean saysNoSuchObject(BoundedCommand.Result result) {
        return !result.succeeded() && (result.stderr().contains(" not found") || result.stderr().contains("No such "));
    }

    /** Non-blank lines of a command's output, stripped. */
    static List<String> lines(String output) {
        return output.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }
}
