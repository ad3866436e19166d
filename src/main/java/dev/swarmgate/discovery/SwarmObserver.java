package dev.swarmgate.discovery;

import dev.swarmgate.docker.SwarmService;
import dev.swarmgate.docker.SwarmTask;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

/** Hears what a {@link SwarmWatcher} sees. Both methods run on the watcher's thread, one call at a time. */
public interface SwarmObserver {

    /**
     * The services marked with the notify label, complete, whenever the set or any of them changed (and once after
     * the first listing).
     */
    default void servicesChanged(List<SwarmService> marked) {
    }

    /**
     * The addresses of the running tasks of every marked service, by swarm service name, on the networks the
     * watcher looks at, whenever any of them changed. A service with no running task maps to an empty list.
     */
    default void tasksChanged(Map<String, List<InetAddress>> addressesByService) {
    }

    /**
     * Every service the engine listed, marked or not, after each listing, changed or not: for checks that look at
     * what is not routed (the listing is made anyway; this costs no request).
     */
    default void servicesListed(List<SwarmService> all) {
    }

    /**
     * After a task listing whose tasks differ from the last one's, or that is the first for a changed set of marked
     * services: the marked services, the tasks listed for them (desired state running, in whatever state they are)
     * and the networks whose addresses count. An unchanged listing is not told again.
     */
    default void tasksListed(List<SwarmService> marked, List<SwarmTask> tasks, TaskNetworks networks) {
    }
}
