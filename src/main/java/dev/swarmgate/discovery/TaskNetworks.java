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
 * @param networkIds the proxy's networks; empty for "every network but ingress"
 */
public record TaskNetworks(Set<String> networkIds) {

    private static final Logger LOG = LoggerFactory.getLogger(TaskNetworks.class);
    private static final String INGRESS = "ingress";

    public static final TaskNetworks ALL_BUT_INGRESS = new TaskNetworks(Set.of());

    public TaskNetworks {
        networkIds = Set.copyOf(networkIds);
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
                    Set<String> ids = task.networkAttachments().stream()
                            .filter(attachment -> !attachment.networkName().equals(INGRESS))
                            .map(NetworkAttachment::networkId).collect(Collectors.toSet());
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
            boolean wanted = networkIds.isEmpty() ? !attachment.networkName().equals(INGRESS)
                    : networkIds.contains(attachment.networkId());
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
