package dev.swarmgate.discovery;

import dev.swarmgate.docker.SwarmService;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

/** Hears what a {@link SwarmWatcher} sees. Both methods run on the watcher's thread, one call at a time. */
public interface SwarmObserver {

    /**
     * The services marked with the notify label, complete, whenever the set or any of them changed (and once after
     * the first listing).
     */
    void servicesChanged(List<SwarmService> marked);

    /**
     * The addresses of the running tasks of every marked service, by swarm service name, on the networks the
     * watcher looks at, whenever any of them changed. A service with no running task maps to an empty list.
     */
    default void tasksChanged(Map<String, List<InetAddress>> addressesByService) {
    }
}
