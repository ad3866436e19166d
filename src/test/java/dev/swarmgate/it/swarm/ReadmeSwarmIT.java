package dev.swarmgate.it.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.swarmgate.testing.swarm.DockerCli;
import dev.swarmgate.testing.swarm.Poll;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * README.md's "Run on Docker Swarm", literally: its fenced commands are read from the README and run in order by
 * bash from the project root (docker/build.sh, docker stack deploy of docker/stack.yml, a labelled demo-backend
 * service, curl through the proxy), so the docs cannot drift from what works. The stack name {@code proxy}, the
 * service {@code hello} and the host ports 80, 443 and 8080 are the README's: the test refuses to start when any is
 * taken, and removes what it deployed afterwards, failed or not.
 */
@Tag("swarm")
class ReadmeSwarmIT {

    private static final Logger LOG = LoggerFactory.getLogger(ReadmeSwarmIT.class);
    private static final String SECTION = "## Run on Docker Swarm";
    private static final String STACK = "proxy";
    private static final String SERVICE = "hello";
    private static final String PROXY_SERVICE = "proxy_proxy";
    private static final List<Integer> PORTS = List.of(80, 443, 8080);
    /** A cold image build (jlink, docker build) takes up to a minute here; the rest a few seconds. */
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(8);
    /** The image's HEALTHCHECK asks every 30 s. */
    private static final Duration HEALTHY_WAIT = Duration.ofSeconds(120);

    private static boolean deployed;
    private static String output = "";

    @BeforeAll
    static void followTheReadme() throws Exception {
        refuseWhenTheReadmesNamesAreTaken();
        String commands = readmeCommands(projectRoot().resolve("README.md"));
        LOG.info("running README.md's \"Run on Docker Swarm\":\n{}", commands);
        deployed = true;
        long start = System.nanoTime();
        ScriptResult result = bash(commands);
        output = result.output();
        LOG.info("README commands finished with {} in {} ms; output:\n{}", result.exitCode(),
                (System.nanoTime() - start) / 1_000_000, output);
        if (result.exitCode() != 0) {
            fail("README.md's \"Run on Docker Swarm\" commands failed (exit " + result.exitCode() + "):\n" + output
                    + "\n" + diagnostics());
        }
    }

    @AfterAll
    static void removeWhatTheReadmeDeployed() {
        if (!deployed || "1".equals(System.getenv("SWARMGATE_KEEP_SWARM"))) {
            return;
        }
        quietly(() -> DockerCli.run("service", "rm", SERVICE)); // absent when the README failed before creating it
        quietly(() -> DockerCli.run("stack", "rm", STACK));
        // The network goes once the stack's tasks are gone; the volumes can be removed only then.
        Poll.until("network " + PROXY_SERVICE + " removed", Duration.ofMillis(500), Duration.ofSeconds(90),
                () -> DockerCli.run("network", "ls", "--filter", "name=" + PROXY_SERVICE, "--format", "{{.Name}}"),
                String::isBlank, () -> DockerCli.run("ps", "-a"));
        Poll.until("volumes of the stack removed", Duration.ofMillis(500), Duration.ofSeconds(60),
                () -> {
                    try {
                        DockerCli.run("volume", "rm", "--force", STACK + "_state", STACK + "_certs");
                        return true;
                    } catch (IllegalStateException e) {
                        return false; // a stopping container still uses one
                    }
                }, removed -> removed, () -> DockerCli.run("volume", "ls"));
    }

    private static void quietly(Runnable removal) {
        try {
            removal.run();
        } catch (IllegalStateException e) {
            LOG.info("cleanup: {}", e.getMessage());
        }
    }

    @Test
    void theLabelledServiceAnswersThroughTheProxy() {
        assertThat(output).contains("HTTP/1.1 200").contains("hello from demo backend ")
                .contains("GET /hello/echo");
        assertThat(output).as("the admin port's endpoints of the labelled service")
                .containsPattern("\\{\"hello\":\\[\\{\"backend\":\"hello:8080\",\"discovery\":\"tasks\","
                        + "\"endpoints\":\\[\\{\"address\":\"[0-9.]+:8080\",\"healthy\":true}]");
    }

    @Test
    void theProxyTaskBecomesHealthy() {
        long start = System.nanoTime();
        Poll.until("the proxy task's HEALTHCHECK says healthy", Duration.ofSeconds(1), HEALTHY_WAIT,
                ReadmeSwarmIT::proxyHealth, "healthy"::equals, ReadmeSwarmIT::diagnostics);
        LOG.info("measured: proxy task healthy {} ms after the README commands finished",
                (System.nanoTime() - start) / 1_000_000);
        assertThat(DockerCli.run("service", "ps", PROXY_SERVICE, "--filter", "desired-state=running",
                "--format", "{{.CurrentState}}")).startsWith("Running");
    }

    @Test
    void theProxyRunsUnprivilegedWithTheSocketsGroupAndTheSmallNodeHeap() throws Exception {
        String container = proxyContainer().orElseThrow(() -> new AssertionError("no running proxy container"));
        int socketGroup = (Integer) Files.getAttribute(Path.of("/var/run/docker.sock"), "unix:gid");
        // The kernel's view of the proxy's process (its /proc entry on this host), not the image's configuration.
        String pid = DockerCli.run("inspect", "--format", "{{.State.Pid}}", container).strip();
        List<String> status = Files.readAllLines(Path.of("/proc", pid, "status"));
        assertThat(status).as("real, effective, saved and file-system ids of the proxy's process")
                .anyMatch(line -> line.matches("Uid:\\s+10001\\s+10001\\s+10001\\s+10001"))
                .anyMatch(line -> line.matches("Gid:(\\s+" + socketGroup + "){4}"));
        // The image's JDK_JAVA_OPTIONS (@/swarmgate.jvm.options, the launcher's jvm.options) reach every JVM started
        // in it: the heap is capped for a small node at 128 MB, not a quarter of the host's memory.
        String flags = DockerCli.run("exec", container, "/opt/java/bin/java", "-XX:+PrintFlagsFinal", "-version");
        assertThat(flags).containsPattern("size_t MaxHeapSize\\s+= 134217728 ");
    }

    @Test
    void theImageHoldsNoBuildPathAndItsStateDirectoriesBelongToItsUser() throws Exception {
        String image = "swarmgate/swarmgate:latest";
        assertThat(DockerCli.run("image", "inspect", "--format", "{{.Config.User}}", image).strip())
                .isEqualTo("10001:10001");
        assertThat(DockerCli.run("image", "inspect", "--format", "{{json .Config.Healthcheck.Test}}", image))
                .contains("\"health\"");
        String container = DockerCli.run("create", image).strip();
        List<String> entries;
        try {
            entries = bash("docker export " + container + " | tar tv").output().lines().toList();
        } finally {
            DockerCli.run("rm", container);
        }
        String checkout = projectRoot().toString().substring(1); // tar lists paths without the leading slash
        assertThat(entries).as("the image's files").isNotEmpty()
                .noneMatch(entry -> entry.contains(checkout))
                .noneMatch(entry -> entry.contains("target/image"));
        assertThat(entries).anyMatch(entry -> entry.matches(".*swarmgate/swarmgate .* var/lib/swarmgate/?$"))
                .anyMatch(entry -> entry.matches(".*swarmgate/swarmgate .* certs/?$"));
    }

    /** The stack name, the service name and the host ports are the README's: nothing else may hold them. */
    private static void refuseWhenTheReadmesNamesAreTaken() {
        List<String> taken = new ArrayList<>();
        if (DockerCli.run("stack", "ls", "--format", "{{.Name}}").lines().anyMatch(STACK::equals)) {
            taken.add("a stack named " + STACK + " exists (docker stack rm " + STACK + ")");
        }
        if (!DockerCli.run("service", "ls", "--filter", "name=" + SERVICE, "--format", "{{.Name}}").lines()
                .filter(SERVICE::equals).toList().isEmpty()) {
            taken.add("a service named " + SERVICE + " exists (docker service rm " + SERVICE + ")");
        }
        for (int port : PORTS) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                taken.add("port " + port + " is in use on this machine (something accepts connections on 127.0.0.1:"
                        + port + ")");
            } catch (IOException free) {
                // nothing listens: the stack may publish it
            }
        }
        if (!taken.isEmpty()) {
            fail("README.md's Swarm section deploys the stack " + STACK + " with ports " + PORTS + " and the service "
                    + SERVICE + ", but " + String.join("; ", taken) + ". Free them to run this test.");
        }
    }

    /** Every fenced block of README.md's "Run on Docker Swarm" section, in order. */
    static String readmeCommands(Path readme) throws IOException {
        String text = Files.readString(readme);
        int start = text.indexOf("\n" + SECTION + "\n");
        assertThat(start).as("README.md has a section \"%s\"", SECTION).isNotNegative();
        int end = text.indexOf("\n## ", start + SECTION.length() + 1);
        String section = text.substring(start, end < 0 ? text.length() : end);
        StringBuilder commands = new StringBuilder();
        Matcher block = Pattern.compile("(?ms)^```[a-z]*\\n(.*?)^```").matcher(section);
        while (block.find()) {
            commands.append(block.group(1));
        }
        assertThat(commands).as("the commands of README.md's \"%s\"", SECTION).isNotEmpty();
        return commands.toString();
    }

    private static Optional<String> proxyContainer() {
        return DockerCli.run("ps", "--quiet", "--filter", "label=com.docker.swarm.service.name=" + PROXY_SERVICE)
                .lines().findFirst();
    }

    private static String proxyHealth() {
        return proxyContainer()
                .map(id -> DockerCli.run("inspect", "--format", "{{if .State.Health}}{{.State.Health.Status}}"
                        + "{{else}}no health check{{end}}", id).strip())
                .orElse("no running proxy container");
    }

    private static String diagnostics() {
        StringBuilder text = new StringBuilder();
        for (List<String> command : List.of(
                List.of("docker", "service", "ps", "--no-trunc", PROXY_SERVICE, SERVICE),
                List.of("docker", "service", "logs", "--tail", "60", PROXY_SERVICE),
                List.of("bash", "-c", "docker inspect --format '{{json .State.Health}}' $(docker ps -q --filter"
                        + " label=com.docker.swarm.service.name=" + PROXY_SERVICE + ")"))) {
            try {
                text.append("$ ").append(String.join(" ", command)).append('\n')
                        .append(run(command, Duration.ofSeconds(30)).output()).append('\n');
            } catch (IOException | InterruptedException e) {
                text.append(e).append('\n');
            }
        }
        return text.toString();
    }

    record ScriptResult(int exitCode, String output) {
    }

    /** {@code bash -euxo pipefail} from the project root, the JDK of this JVM as JAVA_HOME, within the timeout. */
    private static ScriptResult bash(String script) throws IOException, InterruptedException {
        return run(List.of("bash", "-euxo", "pipefail", "-c", script), SCRIPT_TIMEOUT);
    }

    private static ScriptResult run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Path log = Files.createTempFile("readme-swarm-", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(projectRoot().toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                try (Stream<ProcessHandle> children = process.descendants()) {
                    children.forEach(ProcessHandle::destroyForcibly);
                }
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail(String.join(" ", command) + " did not finish within " + timeout + "; its output:\n"
                        + Files.readString(log));
            }
            try (InputStream in = Files.newInputStream(log)) {
                return new ScriptResult(process.exitValue(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } finally {
            try {
                Files.deleteIfExists(log);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static Path projectRoot() {
        return Path.of(System.getProperty("user.dir"));
    }
}
