package dev.swarmgate.listener;

import dev.swarmgate.docker.SwarmNode;
import dev.swarmgate.docker.SwarmTask;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** What the API asks the swarm on demand, beyond what the watcher already keeps: tasks for get-services, nodes. */
public interface SwarmQueries {

    /** The tasks of these services that swarm wants running ({@code desired-state=running}). */
    CompletableFuture<List<SwarmTask>> runningTasks(List<String> serviceIds);

    CompletableFuture<List<SwarmNode>> nodes();
}
