package dev.swarmgate.testing.swarm;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A swarm service a test created through {@link Swarm#create}: changes it with the docker CLI and waits, bounded,
 * for the engine to carry them out. A wait that runs out fails with {@link #diagnostics()}: the service's task
 * history ({@code docker service ps --no-trunc}) and its log.
 */
public final class Service {

    private static final Logger LOG = LoggerFactory.getLogger(Service.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A task start here takes 1-3 s; a minute covers a loaded CI machine without hiding a task that never runs. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Set<String> FAILED_UPDATE_STATES = Set.of("paused", "rollback_started", "rollback_paused",
            "rollback_completed");

    private final String name;
    private final String network;

    Service(String name, String network) {
        this.name = name;
        this.network = network;
    }

    /** The full name (prefix included): what {@code tasks.<name>} resolves and Docker Flow Proxy calls serviceName. */
    public String name() {
        return name;
    }

    /** The test network every service of the {@link Swarm} joins. */
    public String network() {
        return network;
    }

    /** The tasks whose desired state is running, in whatever state they are now. */
    public List<Task> tasks() {
        List<String> ids = DockerCli.lines(DockerCli.run("service", "ps", "--quiet", "--no-trunc",
                "--filter", "desired-state=running", name));
        // A task listed a moment ago may have been removed since; the next poll lists again.
        return inspect(ids).orElse(List.of());
    }

    /** The tasks with these ids as the engine shows them now, or empty if any of them no longer exists. */
    private static Optional<List<Task>> inspect(List<String> ids) {
        if (ids.isEmpty()) {
            return Optional.of(List.of());
        }
        List<String> inspect = new ArrayList<>(List.of("inspect", "--type", "task"));
        inspect.addAll(ids);
        BoundedCommand.Result result = DockerCli.attempt(DockerCli.DEFAULT_TIMEOUT, inspect);
        if (!result.succeeded()) {
            return Optional.empty();
        }
        try {
            List<Task> tasks = new ArrayList<>();
            for (JsonNode task : JSON.readTree(result.stdout())) {
                tasks.add(Task.fromInspect(task));
            }
            return Optional.of(tasks);
        } catch (IOException e) {
            throw new IllegalStateException("docker inspect printed no JSON: " + result.describe(), e);
        }
    }

    /**
     * Waits until none of {@code tasks} runs any more (each has stopped, or is gone), e.g. the tasks a scale-down or
     * an update replaced: their containers have exited once this returns. Returns those still known, as they are
     * now (their {@link Task#stateSince} is when they stopped).
     */
    public List<Task> awaitStopped(List<Task> tasks) {
        long start = System.nanoTime();
        List<String> ids = tasks.stream().map(Task::id).toList();
        List<Task> stopped = awaitValue("tasks " + ids + " stopped", DEFAULT_WAIT, () -> {
            List<Task> now = new ArrayList<>();
            for (String id : ids) {
                // One by one: a task that is gone already makes docker inspect fail for the whole list.
                Optional<List<Task>> task = inspect(List.of(id));
                if (task.isPresent()) {
                    now.addAll(task.get());
                }
            }
            return now.stream().noneMatch(t -> t.isRunning() || t.state().equals("starting")) ? now : null;
        });
        LOG.info("{}: {} task(s) stopped after {} ms", name, ids.size(), (System.nanoTime() - start) / 1_000_000);
        return stopped;
    }

    /** The running tasks. */
    public List<Task> runningTasks() {
        return tasks().stream().filter(Task::isRunning).toList();
    }

    /** The IPv4 addresses the running tasks have on the test network: what {@code tasks.<name>} resolves to. */
    public List<String> runningAddresses() {
        return runningTasks().stream().flatMap(t -> t.addresses(network).stream()).toList();
    }

    /**
     * Waits until exactly {@code replicas} tasks should run and all of them do, and returns them; fails after
     * {@link #DEFAULT_WAIT} with the diagnostics.
     */
    public List<Task> awaitRunning(int replicas) {
        return awaitRunning(replicas, DEFAULT_WAIT);
    }

    public List<Task> awaitRunning(int replicas, Duration atMost) {
        long start = System.nanoTime();
        List<Task> running = awaitValue(replicas + " running task(s)", atMost, () -> {
            List<Task> tasks = tasks();
            return tasks.size() == replicas && tasks.stream().allMatch(Task::isRunning) ? tasks : null;
        });
        LOG.info("{}: {} task(s) running after {} ms", name, replicas, (System.nanoTime() - start) / 1_000_000);
        return running;
    }

    /** {@code docker service scale <name>=<replicas>}, detached: follow it with {@link #awaitRunning}. */
    public void scale(int replicas) {
        DockerCli.run("service", "scale", "--detach", name + "=" + replicas);
    }

    /**
     * {@code docker service update <flags> <name>}, detached. Returns the moment before the call, for
     * {@link #awaitUpdateCompleted} when the update replaces tasks (label changes do not).
     */
    public Instant update(String... flags) {
        Instant before = Instant.now();
        List<String> command = new ArrayList<>(List.of("service", "update", "--detach", "--no-resolve-image"));
        command.addAll(List.of(flags));
        command.add(name);
        DockerCli.run(DockerCli.DEFAULT_TIMEOUT, command);
        return before;
    }

    /**
     * Waits until the rolling update that started after {@code since} has completed; fails at once if swarm paused
     * or rolled it back, and after {@link #DEFAULT_WAIT} otherwise, with the diagnostics.
     */
    public void awaitUpdateCompleted(Instant since) {
        long start = System.nanoTime();
        awaitValue("a rolling update completed after " + since, DEFAULT_WAIT, () -> {
            JsonNode status = updateStatus();
            String state = status.path("State").asText("");
            if (FAILED_UPDATE_STATES.contains(state)) {
                throw new AssertionError(name + ": rolling update " + state + ": "
                        + status.path("Message").asText() + "\n" + diagnostics());
            }
            return state.equals("completed") && completedAt(status).isAfter(since) ? state : null;
        });
        LOG.info("{}: rolling update completed after {} ms", name, (System.nanoTime() - start) / 1_000_000);
    }

    /** {@code docker service rm}: its tasks stop in the background. */
    public void remove() {
        DockerCli.run("service", "rm", name);
    }

    /**
     * The service log, each line prefixed with {@code <task name>@<node> |} as docker prints it: what the tasks
     * wrote to stdout, then what they wrote to stderr (docker keeps the streams apart).
     */
    public String logs() {
        BoundedCommand.Result logs = DockerCli.attempt("service", "logs", "--no-trunc", "--no-task-ids", name);
        if (!logs.succeeded()) {
            throw new IllegalStateException(logs.describe());
        }
        return logs.stdout() + logs.stderr();
    }

    /** The log lines without docker's prefix: what the tasks wrote. */
    public List<String> logLines() {
        return logs().lines().map(line -> {
            int bar = line.indexOf("| ");
            return bar >= 0 ? line.substring(bar + 2) : line;
        }).toList();
    }

    /** The task history and the log's last lines, for failure messages. Never throws. */
    public String diagnostics() {
        BoundedCommand.Result ps = DockerCli.attempt("service", "ps", "--no-trunc", name);
        BoundedCommand.Result logs = DockerCli.attempt("service", "logs", "--no-trunc", "--tail", "60", name);
        return "--- docker service ps --no-trunc " + name + "\n" + (ps.succeeded() ? ps.stdout() : ps.describe())
                + "--- docker service logs --tail 60 " + name + "\n"
                + (logs.succeeded() ? logs.stdout() + logs.stderr() : logs.describe());
    }

    private JsonNode updateStatus() {
        String json = DockerCli.run("service", "inspect", "--format", "{{json .UpdateStatus}}", name).strip();
        try {
            return JSON.readTree(json.equals("null") ? "{}" : json);
        } catch (IOException e) {
            throw new IllegalStateException("docker service inspect printed no JSON: " + json, e);
        }
    }

    private static Instant completedAt(JsonNode status) {
        String text = status.path("CompletedAt").asText("");
        return text.isEmpty() ? Instant.MIN : OffsetDateTime.parse(text).toInstant();
    }

    /** Polls {@code value} until it is not null and returns it; a timeout fails with the diagnostics. */
    private <T> T awaitValue(String what, Duration atMost, Callable<T> value) {
        try {
            return await(name + ": " + what).atMost(atMost).pollInterval(POLL).pollDelay(Duration.ZERO)
                    .until(value, v -> v != null);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(name + ": no " + what + " within " + atMost + "\n" + diagnostics(), e);
        }
    }
}
