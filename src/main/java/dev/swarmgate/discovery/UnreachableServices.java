package dev.swarmgate.discovery;

import dev.swarmgate.config.dfp.ServiceLabels;
import dev.swarmgate.docker.NetworkAttachment;
import dev.swarmgate.docker.SwarmService;
import dev.swarmgate.docker.SwarmTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Marked services that have running tasks, none of them on a network the proxy is on: their route exists but has no
 * endpoint, so every request gets a 503 whose page cannot say why. Each is logged at WARN once per service and
 * pair of network sets (not at every task listing), with the networks on both sides and the fix, and its reason is
 * kept for {@code /v1/swarmgate/endpoints}; an INFO line says when its tasks can be reached again.
 */
public final class UnreachableServices implements SwarmObserver {

    private static final Logger LOG = LoggerFactory.getLogger(UnreachableServices.class);

    /** What was warned about a service: the networks on both sides. */
    private record Warned(String swarmName, List<String> serviceNetworks, List<String> proxyNetworks) {
    }

    /** Touched only on the watcher's thread. */
    private final Map<String, Warned> warnedById = new HashMap<>();
    /** The reason of each unreachable service right now, by the name its route has (for the admin API). */
    private volatile Map<String, String> problemsByRouteName = Map.of();

    /** Why the route of this service (by its route's service name) has no endpoint, if it is for this reason. */
    public Optional<String> problemOf(String routeName) {
        return Optional.ofNullable(problemsByRouteName.get(routeName));
    }

    @Override
    public void tasksListed(List<SwarmService> marked, List<SwarmTask> tasks, TaskNetworks networks) {
        Map<String, String> problems = new HashMap<>();
        Map<String, Warned> stillUnreachable = new HashMap<>();
        for (SwarmService service : marked) {
            List<SwarmTask> running = tasks.stream()
                    .filter(task -> task.serviceId().equals(service.id()) && task.isRunning()).toList();
            if (running.isEmpty()) {
                // No task to reach: a different 503. What was warned stays until the tasks come back.
                Warned before = warnedById.get(service.id());
                if (before != null) {
                    stillUnreachable.put(service.id(), before);
                }
                continue;
            }
            if (running.stream().anyMatch(task -> !networks.addressesOf(task).isEmpty())) {
                Warned before = warnedById.get(service.id());
                if (before != null) {
                    LOG.info("Swarm service {} can be reached again: its tasks are on {}, a network this proxy is"
                            + " on", service.name(), networkNames(running));
                }
                continue;
            }
            Warned now = new Warned(service.name(), networkNames(running), networks.names());
            stillUnreachable.put(service.id(), now);
            problems.put(ServiceLabels.serviceName(service.name(), service.labels()),
                    reason(now, running.size(), networks));
            if (!now.equals(warnedById.get(service.id()))) {
                LOG.warn("{}", warning(now, running.size(), networks));
            }
        }
        warnedById.clear();
        warnedById.putAll(stillUnreachable);
        if (!problems.equals(problemsByRouteName)) {
            problemsByRouteName = Map.copyOf(problems);
        }
    }

    private static List<String> networkNames(List<SwarmTask> running) {
        TreeSet<String> names = new TreeSet<>();
        running.forEach(task -> task.networkAttachments().stream().map(NetworkAttachment::networkName)
                .forEach(names::add));
        return List.copyOf(names);
    }

    /** The log line: what is wrong, both sides' networks, the fix. */
    private static String warning(Warned state, int running, TaskNetworks networks) {
        String service = state.swarmName();
        return "Swarm service " + service + " has " + running + " running task(s) but none on a network this proxy"
                + " is on, so its route answers 503: " + proxySide(networks) + ", " + service + "'s tasks are on "
                + state.serviceNetworks() + ". " + fix(service, networks);
    }

    /** The short form for {@code /v1/swarmgate/endpoints}. */
    private static String reason(Warned state, int running, TaskNetworks networks) {
        return running + " running task(s), none on a network this proxy is on (" + proxySide(networks)
                + ", the tasks are on " + state.serviceNetworks() + "). " + fix(state.swarmName(), networks);
    }

    private static String proxySide(TaskNetworks networks) {
        return networks.allButIngress()
                ? "this proxy is not a swarm task and reaches tasks on every network but ingress"
                : "this proxy is on " + networks.names();
    }

    private static String fix(String service, TaskNetworks networks) {
        if (networks.allButIngress()) {
            return "Attach " + service + " to an overlay network this proxy's host can reach: docker service update"
                    + " --network-add <network> " + service + ".";
        }
        String network = networks.names().getFirst();
        return "Attach it to the proxy's network: docker service update --network-add " + network + " " + service
                + ", or in a stack file list the network under the service's networks: (networks: [proxy] in the"
                + " proxy's own stack; from another stack declare it under the top-level networks: with external:"
                + " true and name: " + network + ").";
    }
}
