package dev.swarmgate.upstream;

import dev.swarmgate.config.BackendTarget;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every backend target in use, each with its endpoint group. Groups are keyed by the whole target (host, port,
 * discovery, algorithm, health check), so destinations share endpoint state only when they agree on all of it.
 * Groups outlive configuration snapshots (a change that keeps a target keeps its endpoints, counters and health)
 * and are re-resolved on a fixed interval. Active health checks run on one dedicated event loop thread.
 */
public final class EndpointGroups implements AutoCloseable {

    /** How often endpoints are resolved again (and after connect failures, at most twice a second). */
    public static final Duration REFRESH_INTERVAL = Duration.ofSeconds(2);

    private final AddressResolver resolver;
    private final ConcurrentHashMap<BackendTarget, EndpointGroup> groups = new ConcurrentHashMap<>();
    private final ScheduledExecutorService refresher;
    private final Transport transport = Transport.best();
    private final MultiThreadIoEventLoopGroup healthLoop;
    private final ServiceConnectionLimits connectionLimits = new ServiceConnectionLimits();
    private final OwnConnections ownConnections;

    public EndpointGroups(AddressResolver resolver) {
        this(resolver, REFRESH_INTERVAL);
    }

    public EndpointGroups(AddressResolver resolver, Duration refreshInterval) {
        this.resolver = resolver;
        this.refresher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("endpoint-refresh").factory());
        this.healthLoop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("health-check", true),
                transport.ioHandlerFactory());
        long millis = refreshInterval.toMillis();
        refresher.scheduleWithFixedDelay(this::refreshAll, millis, millis, TimeUnit.MILLISECONDS);
        this.ownConnections = new OwnConnections(refresher);
    }

    /** The per-service {@code maxConn} slots, shared by the HTTP and TCP data planes. */
    public ServiceConnectionLimits connectionLimits() {
        return connectionLimits;
    }

    /** The data planes' open backend connections, to recognise one that came back to a listener of this proxy. */
    public OwnConnections ownConnections() {
        return ownConnections;
    }

    /** The group for a target, created (resolution and health checks started) on first use. */
    public EndpointGroup get(BackendTarget target) {
        EndpointGroup group = groups.get(target);
        return group != null ? group : groups.computeIfAbsent(target, this::create);
    }

    private EndpointGroup create(BackendTarget target) {
        EndpointGroup group = new EndpointGroup(target, resolver);
        if (target.healthCheck().enabled()) {
            HealthChecker checker = new HealthChecker(group, target.healthCheck(), healthLoop.next(), transport);
            group.healthChecker(checker);
            checker.start();
        }
        return group;
    }

    /** Starts resolving the targets a new snapshot uses and forgets (and stops checking) the ones it no longer uses. */
    public void retainOnly(Set<BackendTarget> targets) {
        groups.forEach((target, group) -> {
            if (!targets.contains(target) && groups.remove(target, group)) {
                group.close();
            }
        });
        targets.forEach(this::get);
    }

    /** Resolves again, now, every group whose target host is one of these names (their addresses changed). */
    public void refresh(Set<String> hosts) {
        groups.forEach((target, group) -> {
            if (target.resolves(hosts)) {
                group.refresh();
            }
        });
    }

    private void refreshAll() {
        groups.values().forEach(EndpointGroup::refresh);
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        groups.values().forEach(EndpointGroup::close);
        healthLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
