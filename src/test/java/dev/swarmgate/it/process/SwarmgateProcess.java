package dev.swarmgate.it.process;

import dev.swarmgate.testing.FreePort;
import org.awaitility.core.ConditionTimeoutException;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * {@code java -jar swarmgate.jar proxy} as a separate OS process, run the way users run it: configured only through
 * the environment, with the launcher's memory defaults ({@code @jvm.options}, {@code MALLOC_ARENA_MAX=2}; options a
 * test adds come after them and win), stopped with SIGTERM. Its stdout and stderr go to one log file, which {@link #log()} returns for
 * assertion messages.
 *
 * <p>The jar is the one failsafe names in the system property {@code swarmgate.jar} (built by {@code package}).
 */
public final class SwarmgateProcess implements AutoCloseable {

    static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    /** What a JVM exits with when SIGTERM starts its shutdown: 128 + 15. */
    static final int SIGTERM_EXIT = 143;

    private final Process process;
    private final Path logFile;
    private final int adminPort;
    private final int httpPort;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private SwarmgateProcess(Process process, Path logFile, int adminPort, int httpPort) {
        this.process = process;
        this.logFile = logFile;
        this.adminPort = adminPort;
        this.httpPort = httpPort;
    }

    /** The launcher's and the image's JVM memory defaults, in the project directory (failsafe's working directory). */
    static Path jvmOptions() {
        Path options = Path.of("jvm.options").toAbsolutePath();
        if (!Files.isRegularFile(options)) {
            throw new IllegalStateException(options + " does not exist: run the ITs from the project directory");
        }
        return options;
    }

    /** The jar under test, from failsafe's {@code swarmgate.jar} system property. */
    static Path jar() {
        String property = System.getProperty("swarmgate.jar");
        if (property == null) {
            throw new IllegalStateException("system property swarmgate.jar is not set: run this IT through failsafe "
                    + "(./mvnw verify), which sets it to target/swarmgate.jar");
        }
        Path jar = Path.of(property);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: run 'package' before the ITs");
        }
        return jar;
    }

    /**
     * A proxy on 127.0.0.1 with a free admin port, a free traffic port, and its state, secrets and log in
     * {@code dir} (a JUnit {@code @TempDir}, so it is removed after the test).
     */
    static Builder builder(Path dir) {
        return new Builder(dir);
    }

    /** The settings of one proxy process; {@link #start()} may be called again for a restart with the same ones. */
    static final class Builder {
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> jvmOptions = new ArrayList<>();
        private final Path dir;
        private int fileDescriptorLimit;
        private Path jar;

        private Builder(Path dir) {
            this.dir = dir;
            env.put("LISTEN_IP", "127.0.0.1");
            env.put("IP", "127.0.0.1");
            env.put("PORT", String.valueOf(FreePort.pick()));
            env.put("DEFAULT_PORTS", String.valueOf(FreePort.pick()));
            env.put("STATE_DIR", dir.resolve("state").toString());
            env.put("SWARM_DISCOVERY", "off"); // the test machine may run dockerd

            // An empty secrets directory, so that a machine's /run/secrets never leaks into a test.
            env.put("SECRETS_DIR", dir.resolve("secrets").toString());
            try {
                Files.createDirectories(dir.resolve("secrets"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        Builder jvmOption(String option) {
            jvmOptions.add(option);
            return this;
        }

        /** Runs this jar instead of the one failsafe names. */
        Builder jar(Path jar) {
            this.jar = jar;
            return this;
        }

        /** Runs the proxy with this soft and hard {@code RLIMIT_NOFILE} ({@code ulimit -n}), through prlimit(1). */
        Builder fileDescriptorLimit(int limit) {
            fileDescriptorLimit = limit;
            return this;
        }

        /** A scratch directory owned by this proxy (state and secrets live in it too). */
        Path dir() {
            return dir;
        }

        /** Starts the process and returns once the admin API answers {@code /ping}; fails with the log if not. */
        SwarmgateProcess start() {
            SwarmgateProcess proxy = launch();
            try {
                await("admin API /ping on port " + proxy.adminPort)
                        .atMost(START_TIMEOUT)
                        .pollInterval(Duration.ofMillis(100))
                        .ignoreExceptions()
                        .failFast("swarmgate exited during start", () -> !proxy.process.isAlive())
                        .until(() -> proxy.admin("/ping").statusCode() == 200);
                return proxy;
            } catch (ConditionTimeoutException | org.awaitility.core.TerminalFailureException e) {
                String state = proxy.process.isAlive() ? "still running" : "exited " + proxy.process.exitValue();
                proxy.close();
                throw new AssertionError("swarmgate did not become ready (" + state + "). Log:\n" + proxy.log(), e);
            }
        }

        /** Starts the process without waiting for anything, for starts that are expected to fail. */
        SwarmgateProcess launch() {
            List<String> command = new ArrayList<>();
            if (fileDescriptorLimit > 0) {
                // prlimit execs the command, so the process (and its pid, which stop() signals) is the JVM itself.
                command.addAll(List.of("prlimit", "--nofile=" + fileDescriptorLimit + ":" + fileDescriptorLimit, "--"));
            }
            command.addAll(List.of(JAVA.toString(), "--enable-native-access=ALL-UNNAMED", "@" + jvmOptions()));
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", (jar != null ? jar : SwarmgateProcess.jar()).toString(), "proxy"));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            // Nothing of the test JVM's environment except what a shell needs: the settings are exactly ours.
            Map<String, String> environment = builder.environment();
            environment.keySet().retainAll(List.of("PATH", "HOME", "LANG", "TMPDIR"));
            environment.put("MALLOC_ARENA_MAX", "2"); // as ./swarmgate and the image set it
            environment.putAll(env);
            try {
                Path log = Files.createTempFile(dir, "swarmgate-", ".log");
                builder.redirectOutput(log.toFile());
                return new SwarmgateProcess(builder.start(), log, Integer.parseInt(env.get("PORT")),
                        Integer.parseInt(env.get("DEFAULT_PORTS").split("[ ,:]")[0]));
            } catch (IOException e) {
                throw new UncheckedIOException("could not start " + command, e);
            }
        }
    }

    int httpPort() {
        return httpPort;
    }

    int adminPort() {
        return adminPort;
    }

    /** {@code http://127.0.0.1:<DEFAULT_PORTS><path>} */
    String proxyUrl(String path) {
        return "http://127.0.0.1:" + httpPort + path;
    }

    /** {@code http://127.0.0.1:<PORT>/v1/docker-flow-proxy<path>} */
    String adminUrl(String path) {
        return "http://127.0.0.1:" + adminPort + "/v1/docker-flow-proxy" + path;
    }

    HttpResponse<String> admin(String pathAndQuery) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(adminUrl(pathAndQuery))).timeout(Duration.ofSeconds(30))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code /reconfigure?<query>}, which must answer 200 (the service is then live). */
    void reconfigure(String query) {
        try {
            HttpResponse<String> response = admin("/reconfigure?" + query);
            if (response.statusCode() != 200) {
                throw new AssertionError("reconfigure?" + query + " answered " + response.statusCode() + ": "
                        + response.body() + "\nLog:\n" + log());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reconfigure?" + query + " failed. Log:\n" + log(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Sends SIGTERM and returns the exit code; fails (after SIGKILL) if the process outlives {@link #STOP_TIMEOUT}. */
    int stop() {
        process.destroy();
        return awaitExit(STOP_TIMEOUT);
    }

    /** Waits for the process to exit by itself and returns its exit code; kills it and fails after {@code bound}. */
    int awaitExit(Duration bound) {
        try {
            if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("swarmgate (pid " + process.pid() + ") did not exit within " + bound
                        + "; killed. Log:\n" + log());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Everything the process wrote to stdout and stderr so far. */
    String log() {
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(could not read " + logFile + ": " + e + ")";
        }
    }

    /** Kills the process if it still runs; a test that wants a clean stop calls {@link #stop()} itself. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        client.close();
    }
}
