package dev.swarmgate.discovery;

import dev.swarmgate.docker.DockerClient;
import dev.swarmgate.docker.NetworkAttachment;
import dev.swarmgate.docker.SwarmTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The networks on which task addresses are worth routing to: those the proxy's own task is attached to, because
 * only those it can reach. A proxy that is not a swarm task (run on a manager by hand, or in tests) takes every
 * network except {@code ingress}, whose addresses serve the routing mesh, not clients.
 *
 * @param namesById the proxy's networks, their names by id; empty for "every network but ingress"
 */
public record TaskNetworks(Map<String, String> namesById) {

    private static final Logger LOG = LoggerFactory.getLogger(TaskNetworks.class);
    private static final String INGRESS = "ingress";

    public static final TaskNetworks ALL_BUT_INGRESS = new TaskNetworks(Map.of());

    public TaskNetworks {
        namesById = Map.copyOf(namesById);
    }

    /** The proxy's network ids; empty for "every network but ingress". */
    public Set<String> networkIds() {
        return namesById.keySet();
    }

    /** Whether these are every network but ingress, because the proxy is not a swarm task. */
    public boolean allButIngress() {
        return namesById.isEmpty();
    }

    /** The proxy's network names in order, as an operator types them; empty for "every network but ingress". */
    public List<String> names() {
        return namesById.values().stream().sorted().toList();
    }

    /**
     * Finds the running task whose container is this one (Docker names a container's host after its id) and takes
     * its networks; {@link #ALL_BUT_INGRESS} when there is none.
     */
    public static CompletableFuture<TaskNetworks> ofOwnTask(DockerClient docker, String hostname) {
        if (hostname.isBlank()) {
            return CompletableFuture.completedFuture(ALL_BUT_INGRESS);
        }
        return docker.tasks(Map.of("desired-state", List.of("running"))).thenApply(tasks -> {
            for (SwarmTask task : tasks) {
                if (!task.containerId().isEmpty() && task.containerId().startsWith(hostname)) {
                    Map<String, String> ids = task.networkAttachments().stream()
                            .filter(attachment -> !attachment.networkName().equals(INGRESS))
                            .collect(Collectors.toMap(NetworkAttachment::networkId, NetworkAttachment::networkName,
                                    (a, b) -> a));
                    LOG.info("This proxy is task {} of service {}: routing to tasks on its networks {}", task.id(),
                            task.serviceId(), task.networkAttachments().stream()
                                    .map(NetworkAttachment::networkName).toList());
                    return new TaskNetworks(ids);
                }
            }
            LOG.info("This proxy (host {}) is not a swarm task: routing to task addresses on every network but"
                    + " ingress", hostname);
            return ALL_BUT_INGRESS;
        });
    }

    /** The addresses of a task on these networks, in attachment order. */
    public List<InetAddress> addressesOf(SwarmTask task) {
        List<InetAddress> out = new ArrayList<>();
        for (NetworkAttachment attachment : task.networkAttachments()) {
            boolean wanted = namesById.isEmpty() ? !attachment.networkName().equals(INGRESS)
                    : namesById.containsKey(attachment.networkId());
            if (wanted) {
                for (String address : attachment.addresses()) {
                    try {
                        out.add(InetAddress.getByName(address)); // a literal: no lookup happens
                    } catch (UnknownHostException e) {
                        LOG.warn("Task {} reports an address that is not an IP literal: {}", task.id(), address);
                    }
                }
            }
        }
        return out;
    }
}
