package dev.swarmgate.testing.swarm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A proxy service of several replicas on this one node. Each task publishes its ports 80 and 8080 in host mode on a
 * port Docker picks (two tasks cannot share a fixed host port), read from the task's port status, so the test
 * reaches every replica by itself.
 */
public final class ProxyReplicas {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyReplicas.class);
    private static final Duration READY_WAIT = Duration.ofSeconds(60);

    /** One replica: its task and the host ports of its traffic and admin ports. */
    public record Replica(Task task, int httpPort, AdminApi admin) {

        /** One request through this replica on a fresh connection. */
        public FreshGet.Answer send(String path) {
            return FreshGet.send(httpPort, path, Duration.ofSeconds(5));
        }

        /** The host port Docker published for another of the task's ports (the spec asked for it). */
        public int publishedPort(int target) {
            return task.publishedPort(target).orElseThrow(() -> new AssertionError("task " + task.id()
                    + " has no published port for " + target));
        }

        public String describe() {
            return "replica " + task.slot() + " (task " + task.id() + ", 127.0.0.1:" + httpPort + ", admin "
                    + admin.port() + ")";
        }
    }

    private final Service service;
    private final List<Replica> replicas;

    private ProxyReplicas(Service service, List<Replica> replicas) {
        this.service = service;
        this.replicas = replicas;
    }

    /**
     * Creates the proxy service from {@code spec} (e.g. {@link ProxyService#spec}) with {@code count} replicas and
     * returns once every task runs and every admin API answers from this machine.
     */
    public static ProxyReplicas start(Swarm swarm, ServiceSpec spec, int count) {
        long start = System.nanoTime();
        Service service = swarm.create(spec.replicas(count).publishOnHost(ProxyService.HTTP_PORT)
                .publishOnHost(ProxyImage.ADMIN_PORT));
        List<Replica> replicas = new ArrayList<>();
        for (Task task : service.awaitRunning(count, READY_WAIT)) {
            int http = task.publishedPort(ProxyService.HTTP_PORT).orElseThrow(() -> new AssertionError(
                    "task " + task.id() + " has no published port for " + ProxyService.HTTP_PORT + "\n"
                            + service.diagnostics()));
            int admin = task.publishedPort(ProxyImage.ADMIN_PORT).orElseThrow(() -> new AssertionError(
                    "task " + task.id() + " has no published port for " + ProxyImage.ADMIN_PORT + "\n"
                            + service.diagnostics()));
            replicas.add(new Replica(task, http, new AdminApi(admin)));
        }
        for (Replica replica : replicas) {
            Poll.until(service.name() + ": admin API of " + replica.describe() + " answers", Duration.ofMillis(100),
                    READY_WAIT, () -> replica.admin().answers(), answers -> answers, service::diagnostics);
        }
        LOG.info("{}: {} replicas answering {} ms after create: {}", service.name(), count,
                (System.nanoTime() - start) / 1_000_000, replicas.stream().map(Replica::describe).toList());
        return new ProxyReplicas(service, List.copyOf(replicas));
    }

    public Service service() {
        return service;
    }

    public List<Replica> replicas() {
        return replicas;
    }
}
