package dev.swarmgate.upstream;

import dev.swarmgate.config.BackendTarget;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every backend target in use, each with its endpoint group. Groups outlive configuration snapshots (a change that
 * keeps a target keeps its resolved addresses) and are re-resolved on a fixed interval.
 */
public final class EndpointGroups implements AutoCloseable {

    private final AddressResolver resolver;
    private final ConcurrentHashMap<BackendTarget, EndpointGroup> groups = new ConcurrentHashMap<>();
    private final ScheduledExecutorService refresher;

    public EndpointGroups(AddressResolver resolver, Duration refreshInterval) {
        this.resolver = resolver;
        this.refresher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("endpoint-refresh").factory());
        long millis = refreshInterval.toMillis();
        refresher.scheduleWithFixedDelay(this::refreshAll, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** The group for a target, created (and resolution started) on first use. */
    public EndpointGroup get(BackendTarget target) {
        EndpointGroup group = groups.get(target);
        return group != null ? group : groups.computeIfAbsent(target, t -> new EndpointGroup(t, resolver));
    }

    /** Starts resolving the targets a new snapshot uses and forgets the ones it no longer uses. */
    public void retainOnly(Set<BackendTarget> targets) {
        groups.keySet().retainAll(targets);
        targets.forEach(this::get);
    }

    private void refreshAll() {
        groups.values().forEach(EndpointGroup::refresh);
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
