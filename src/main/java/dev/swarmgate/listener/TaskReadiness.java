package dev.swarmgate.listener;

import dev.swarmgate.docker.SwarmTask;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * DFSL's test before get-services lists a service: every task that swarm wants running is running. A service that
 * is still starting, restarting or rolling out fails it; one scaled to zero (no such task) passes, so the proxy
 * learns its {@code replicas=0}.
 */
final class TaskReadiness {

    private TaskReadiness() {
    }

    /** The ids among {@code serviceIds} whose wanted-running tasks all run. */
    static Set<String> allRunning(List<String> serviceIds, List<SwarmTask> tasks) {
        Set<String> ready = new HashSet<>(serviceIds);
        for (SwarmTask task : tasks) {
            if ("running".equals(task.desiredState()) && !"running".equals(task.state())) {
                ready.remove(task.serviceId());
            }
        }
        return ready;
    }
}
