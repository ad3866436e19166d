package dev.swarmgate.store;

import dev.swarmgate.config.GatewayConfig;
import dev.swarmgate.config.InvalidServiceException;
import dev.swarmgate.config.ListenerConflicts;
import dev.swarmgate.config.ServiceSpec;
import dev.swarmgate.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The accepted services and the configuration published from them. Every mutation runs on one dedicated thread, one
 * at a time, and its future completes only after every subscriber has put the new configuration into effect, so a
 * caller that waits for it (the admin API) answers when the route is live. A service reaches the store only after
 * it was parsed and validated, so a rejected change leaves the previous version of that service serving; a
 * configuration a subscriber fails to apply is rolled back the same way.
 */
public final class ConfigStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigStore.class);

    /** A subscriber that never answers must not stall every later change. */
    private static final Duration SUBSCRIBER_TIMEOUT = Duration.ofSeconds(30);

    private final Settings settings;
    private final Optional<StateFile> stateFile;
    private final ExecutorService thread;
    private final List<ConfigSubscriber> subscribers = new CopyOnWriteArrayList<>();

    /** Read by any thread, written only on the store thread. */
    private volatile SortedMap<String, StoredService> services = Collections.emptySortedMap();
    private volatile PublishedConfig published;
    /** The tail of the mutation queue: the next mutation starts when this one, subscribers included, is done. */
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);

    /** Persists API-made services under {@code settings.stateDir()} when it is set. */
    public ConfigStore(Settings settings) {
        this.settings = settings;
        this.stateFile = settings.stateDir().map(StateFile::new);
        this.thread = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("config-store").daemon().factory());
        this.published = new PublishedConfig(0, GatewayConfig.of(settings, Map.of()));
    }

    /** Adds a subscriber; it sees the next publication (use {@link #republish()} to push the current state). */
    public void subscribe(ConfigSubscriber subscriber) {
        subscribers.add(subscriber);
    }

    /** The parameter maps persisted by earlier runs, to be parsed again and {@link #restore restored}. */
    public List<Map<String, List<String>>> loadPersisted() {
        return stateFile.map(StateFile::load).orElse(List.of());
    }

    /** The accepted services right now, by name. */
    public SortedMap<String, StoredService> services() {
        return services;
    }

    /** The last configuration published (version 0 before the first publication). */
    public PublishedConfig current() {
        return published;
    }

    /**
     * Adds or replaces a service and publishes. Fails with an {@link InvalidServiceException} (409) when the service
     * claims a port another service or an HTTP listener owns ({@link ListenerConflicts}); checked here, on the store
     * thread, because only here is the configuration it is checked against current.
     */
    public CompletableFuture<ChangeOutcome> put(StoredService service) {
        return mutate(() -> {
            Optional<String> conflict = ListenerConflicts.check(published.config(), service.spec());
            if (conflict.isPresent()) {
                throw new CompletionException(new InvalidServiceException(409, conflict.get()));
            }
            TreeMap<String, StoredService> next = new TreeMap<>(services);
            StoredService previous = next.put(service.name(), service);
            boolean touchesApi = service.source() == Source.API
                    || (previous != null && previous.source() == Source.API);
            return new Mutation(next, true, touchesApi);
        });
    }

    /** Removes a service and publishes; removing an unknown service changes nothing and still succeeds. */
    public CompletableFuture<ChangeOutcome> remove(String serviceName) {
        return mutate(() -> {
            StoredService previous = services.get(serviceName);
            if (previous == null) {
                return new Mutation(services, false, false);
            }
            TreeMap<String, StoredService> next = new TreeMap<>(services);
            next.remove(serviceName);
            return new Mutation(next, true, previous.source() == Source.API);
        });
    }

    /**
     * Adds these services in one publication without rewriting the state file: used at start with the services
     * replayed from that file and from the environment. Always publishes, so subscribers bind the initial listeners
     * even when there are no services.
     */
    public CompletableFuture<ChangeOutcome> restore(List<StoredService> restored) {
        return mutate(() -> {
            TreeMap<String, StoredService> next = new TreeMap<>(services);
            restored.forEach(service -> next.put(service.name(), service));
            return new Mutation(next, true, false);
        });
    }

    /**
     * Makes the services from one source exactly these, in one publication: those of the source that are not listed
     * are removed, the listed ones added or replaced (whatever source held the name before). Publishes nothing when
     * nothing changed, so a source may hand over its whole state as often as it likes. A listed service that claims a
     * port another service or an HTTP listener owns is left out (logged, 409 as for the API) and the others apply.
     */
    public CompletableFuture<ChangeOutcome> replaceSource(Source source, List<StoredService> listed) {
        return mutate(() -> {
            TreeMap<String, StoredService> next = new TreeMap<>(services);
            next.values().removeIf(service -> service.source() == source);
            boolean touchesApi = false;
            for (StoredService service : listed) {
                GatewayConfig current = new GatewayConfig(settings, specsOf(next));
                Optional<String> conflict = ListenerConflicts.check(current, service.spec());
                if (conflict.isPresent()) {
                    LOG.error("{} service {} is not applied: {}", source, service.name(), conflict.get());
                    StoredService kept = services.get(service.name());
                    if (kept != null && kept.source() == source) {
                        next.put(kept.name(), kept); // its last good version keeps serving
                    }
                    continue;
                }
                StoredService previous = next.put(service.name(), service);
                touchesApi |= previous != null && previous.source() == Source.API;
            }
            boolean changed = !next.equals(services);
            touchesApi |= services.values().stream().anyMatch(s -> s.source() == Source.API
                    && !next.containsKey(s.name()));
            return new Mutation(next, changed, touchesApi && changed);
        });
    }

    private static SortedMap<String, ServiceSpec> specsOf(SortedMap<String, StoredService> serving) {
        SortedMap<String, ServiceSpec> specs = new TreeMap<>();
        serving.forEach((name, service) -> specs.put(name, service.spec()));
        return specs;
    }

    /** Publishes the current services again under a new version (DFP's {@code reload?recreate=true}). */
    public CompletableFuture<ChangeOutcome> republish() {
        return mutate(() -> new Mutation(services, true, false));
    }

    private record Mutation(SortedMap<String, StoredService> next, boolean publish, boolean persist) {
    }

    private synchronized CompletableFuture<ChangeOutcome> mutate(Supplier<Mutation> change) {
        CompletableFuture<ChangeOutcome> result = tail
                .handle((ignored, failure) -> null)
                .thenComposeAsync(ignored -> run(change.get()), thread);
        tail = result;
        return result;
    }

    /** Runs on the store thread. */
    private CompletableFuture<ChangeOutcome> run(Mutation mutation) {
        if (!mutation.publish()) {
            return CompletableFuture.completedFuture(new ChangeOutcome(published.version(), false, Optional.empty()));
        }
        SortedMap<String, StoredService> before = services;
        PublishedConfig next = publication(mutation.next());
        services = Collections.unmodifiableSortedMap(new TreeMap<>(mutation.next()));
        published = next;
        return notifySubscribers(next).<CompletableFuture<ChangeOutcome>>handleAsync((ignored, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(new ChangeOutcome(next.version(), true,
                        mutation.persist() ? persist() : Optional.empty()));
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            LOG.error("Configuration version {} could not be applied ({}); rolling back to the previous services",
                    next.version(), cause.toString());
            services = before;
            PublishedConfig rollback = publication(before);
            published = rollback;
            PublishFailedException rejected =
                    new PublishFailedException("configuration could not be applied: " + cause.getMessage(), cause);
            return notifySubscribers(rollback).<ChangeOutcome>handle((done, rollbackFailure) -> {
                if (rollbackFailure != null) {
                    LOG.error("Rolling back to version {} failed too: {}", rollback.version(),
                            rollbackFailure.toString());
                }
                throw rejected;
            });
        }, thread).thenCompose(outcome -> outcome);
    }

    private PublishedConfig publication(SortedMap<String, StoredService> serving) {
        return new PublishedConfig(published.version() + 1, new GatewayConfig(settings, specsOf(serving)));
    }

    private CompletableFuture<Void> notifySubscribers(PublishedConfig config) {
        List<CompletableFuture<?>> stages = new ArrayList<>();
        for (ConfigSubscriber subscriber : subscribers) {
            try {
                CompletionStage<?> stage = subscriber.publish(config);
                stages.add(stage == null ? CompletableFuture.completedFuture(null) : stage.toCompletableFuture());
            } catch (RuntimeException e) {
                stages.add(CompletableFuture.failedFuture(e));
            }
        }
        return CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new))
                .orTimeout(SUBSCRIBER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Saves the API services; a failure is logged and reported, never thrown, because the change is live already. */
    private Optional<String> persist() {
        if (stateFile.isEmpty()) {
            return Optional.empty();
        }
        StateFile file = stateFile.get();
        List<StoredService> api = services.values().stream().filter(s -> s.source() == Source.API).toList();
        try {
            file.save(api);
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            String problem = "the change is live but could not be saved to " + file.path() + " (" + e + "); it will "
                    + "be lost on restart";
            LOG.error("Persisting API services failed: {}", problem);
            return Optional.of(problem);
        }
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
