package dev.swarmgate.store;

import dev.swarmgate.config.Destination;
import dev.swarmgate.config.GatewayConfig;
import dev.swarmgate.config.InvalidServiceException;
import dev.swarmgate.config.ListenerConflicts;
import dev.swarmgate.config.SelfLoops;
import dev.swarmgate.config.ServiceSpec;
import dev.swarmgate.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    private static final Pattern REFUSED_NAME = Pattern.compile("serviceName ([^\\s:]+)");
    private static final CompletableFuture<Optional<String>> NOTHING_TO_SAVE =
            CompletableFuture.completedFuture(Optional.empty());
    private final Settings settings;
    /** Records the services a whole-set replacement leaves out (the sources record what they could not parse). */
    private final ReconfigureJournal journal;
    private final Optional<StateFile> stateFile;
    /** The last services of the sources re-derived at start, so a restart serves them before their source answers. */
    private final Map<Source, StateFile> lastKnown;
    private final ExecutorService thread;
    /**
     * Writes the state files (the API services, and the last known services of each source), one save at a time in
     * the order asked: beside the store thread, so that a change's save (a temporary file, two fsyncs and a rename:
     * 4 ms of 13 with 10,000 services) overlaps its compile.
     */
    private final ExecutorService writer;
    private final List<ConfigSubscriber> subscribers = new CopyOnWriteArrayList<>();

    /** Read by any thread, written only on the store thread. */
    private volatile SortedMap<String, StoredService> services = Collections.emptySortedMap();
    private volatile PublishedConfig published;
    /** Per source, the refusals of its last whole-set replacement; used only on the store thread. */
    private final Map<Source, Set<String>> lastRefusals = new EnumMap<>(Source.class);
    /** The tail of the mutation queue: the next mutation starts when this one, subscribers included, is done. */
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);

    /** Persists API-made services under {@code settings.stateDir()} when it is set. */
    public ConfigStore(Settings settings) {
        this(settings, new ReconfigureJournal());
    }

    /** @param journal where the services a source listed but the store left out are recorded, once each */
    public ConfigStore(Settings settings, ReconfigureJournal journal) {
        this.settings = settings;
        this.journal = journal;
        this.stateFile = settings.stateDir().map(StateFile::new);
        this.lastKnown = settings.stateDir().map(dir -> Map.of(
                Source.SWARM, new StateFile(dir, "swarm-services.json"),
                Source.LISTENER, new StateFile(dir, "listener-services.json"))).orElse(Map.of());
        this.thread = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("config-store").daemon().factory());
        this.writer = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("state-file").daemon().factory());
        this.published = new PublishedConfig(0, GatewayConfig.of(settings, Map.of()));
    }

    /** Adds a subscriber; it sees the next publication (use {@link #republish()} to push the current state). */
    public void subscribe(ConfigSubscriber subscriber) {
        subscribers.add(subscriber);
    }

    /**
     * The parameter maps a source (swarm labels, a listener) last gave an earlier run, to be restored at start so
     * its routes serve before the source answers, or while it cannot; the source's first answer replaces them.
     */
    public List<Map<String, List<String>>> loadLastKnown(Source source) {
        StateFile file = lastKnown.get(source);
        return file == null ? List.of() : file.load();
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
     * claims a port another service or an HTTP listener owns ({@link ListenerConflicts}), and (400) when its backend
     * is one of the proxy's own listeners ({@link SelfLoops}); checked here, on the store thread, because only here
     * is the configuration it is checked against current.
     */
    public CompletableFuture<ChangeOutcome> put(StoredService service) {
        return mutate(() -> {
            Optional<String> conflict = ListenerConflicts.check(published.config(), service.spec());
            if (conflict.isPresent()) {
                throw new CompletionException(new InvalidServiceException(409, conflict.get()));
            }
            Optional<String> loop = SelfLoops.check(published.config(), service.spec());
            if (loop.isPresent()) {
                throw new CompletionException(new InvalidServiceException(400, loop.get()));
            }
            TreeMap<String, StoredService> next = new TreeMap<>(services);
            StoredService previous = next.put(service.name(), service);
            boolean touchesApi = service.source() == Source.API
                    || (previous != null && previous.source() == Source.API);
            return new Mutation(next, true, touchesApi, List.of(), service.source().label(),
                    Optional.of(change(service.name(), previous, service)));
        });
    }

    /**
     * Why {@code service} cannot join the services in {@code next}: a port another one or an HTTP listener owns, or a
     * backend that is one of the proxy's own listeners; empty when it can.
     */
    private Optional<String> clashWith(SortedMap<String, StoredService> next, StoredService service) {
        // A view, not a copy: a start checks each of thousands of services against those restored before it.
        Collection<ServiceSpec> before = new AbstractCollection<>() {
            @Override
            public Iterator<ServiceSpec> iterator() {
                Iterator<StoredService> services = next.values().iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return services.hasNext();
                    }

                    @Override
                    public ServiceSpec next() {
                        return services.next().spec();
                    }
                };
            }

            @Override
            public int size() {
                return next.size();
            }
        };
        return ListenerConflicts.check(settings, before, service.spec())
                .or(() -> SelfLoops.check(settings, before, service.spec()));
    }

    /**
     * Removes a service and publishes; removing an unknown service changes nothing and still succeeds. Only the API
     * removes one service by name, so that is the origin the log gives.
     */
    public CompletableFuture<ChangeOutcome> remove(String serviceName) {
        return mutate(() -> {
            StoredService previous = services.get(serviceName);
            if (previous == null) {
                return new Mutation(services, false, false, List.of(), Source.API.label(), Optional.empty());
            }
            TreeMap<String, StoredService> next = new TreeMap<>(services);
            next.remove(serviceName);
            return new Mutation(next, true, previous.source() == Source.API, List.of(), Source.API.label(),
                    Optional.of(change(serviceName, previous, null)));
        });
    }

    /**
     * Adds these services in one publication without rewriting the state file: used at start with the services
     * replayed from that file and from the environment. Always publishes, so subscribers bind the initial listeners
     * even when there are no services. A service whose ports conflict ({@link ListenerConflicts}) with those restored
     * before it, or whose backend is one of the proxy's own listeners ({@link SelfLoops}), is skipped with an ERROR
     * naming it and why, so one stale entry cannot stop the proxy from starting.
     */
    public CompletableFuture<ChangeOutcome> restore(List<StoredService> restored) {
        return mutate(() -> {
            TreeMap<String, StoredService> next = new TreeMap<>(services);
            // A service without a srcPort can only clash with the srcPorts of others (a backend on this machine that
            // is one of them), so it is checked against the services that have one: checking each of thousands of
            // services against all those before it was quadratic.
            TreeMap<String, StoredService> claimingPorts = new TreeMap<>();
            next.forEach((name, service) -> {
                if (hasSrcPort(service)) {
                    claimingPorts.put(name, service);
                }
            });
            for (StoredService service : restored) {
                // Ports are checked as put() checks them: the settings may have changed since the service was
                // saved, and one service on a taken port must not keep the proxy from starting with the others.
                Optional<String> conflict = clashWith(hasSrcPort(service) ? next : claimingPorts, service);
                if (conflict.isPresent()) {
                    LOG.error("{} service {} is skipped at start: {}", service.source(), service.name(),
                            conflict.get());
                    continue;
                }
                next.put(service.name(), service);
                if (hasSrcPort(service)) {
                    claimingPorts.put(service.name(), service);
                } else {
                    claimingPorts.remove(service.name()); // an earlier entry of this name is replaced
                }
            }
            return new Mutation(next, true, false, List.of(), "start", Optional.of(restored(next)));
        });
    }

    private static boolean hasSrcPort(StoredService service) {
        for (Destination destination : service.spec().destinations()) {
            if (destination.srcPort() != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * What replacing one service changes ({@code added s1}, {@code changed api (servicePath)}, {@code removed web}),
     * found without comparing each of the other services; null stands for no service.
     */
    private static String change(String name, StoredService before, StoredService after) {
        return ConfigChange.between(only(name, before), only(name, after)).toString();
    }

    private static SortedMap<String, StoredService> only(String name, StoredService service) {
        return service == null ? Collections.emptySortedMap() : new TreeMap<>(Map.of(name, service));
    }

    /**
     * The start's summary: {@code 4 service(s) restored: 3 API from /state/services.json, 1 environment from
     * DFP_SERVICE_* variables}, or {@code no services yet}.
     */
    private String restored(SortedMap<String, StoredService> serving) {
        if (serving.isEmpty()) {
            return "no services yet";
        }
        List<String> parts = new ArrayList<>();
        for (Source source : Source.values()) {
            long count = serving.values().stream().filter(service -> service.source() == source).count();
            if (count > 0) {
                parts.add(count + " " + source.label() + " from " + restoredFrom(source));
            }
        }
        return serving.size() + " service(s) restored: " + String.join(", ", parts);
    }

    private String restoredFrom(Source source) {
        return switch (source) {
            case API -> stateFile.map(file -> file.path().toString()).orElse("the API");
            case ENV -> "DFP_SERVICE_* variables";
            case SWARM, LISTENER -> Optional.ofNullable(lastKnown.get(source))
                    .map(file -> file.path() + ", until the " + source.label() + " answers")
                    .orElse("the " + source.label());
        };
    }

    /**
     * Makes {@code listed} the whole set of services that come from {@code source} (swarm labels, a listener), in one
     * change: services of that source that are not listed are removed, listed ones are added or replaced. A listed
     * service takes over an API-made service of the same name, because a source that lists everything holds the
     * fresher view (DFP let every source overwrite every other); it never replaces an {@link Source#ENV} service,
     * which the operator pinned (DFP applied those last at start). A listed service that is named twice or whose ports
     * conflict is left out, its last good version from this source (if any) keeps serving, and it is named in
     * {@link ChangeOutcome#refused()} and logged (once, until the refusals change); the others are applied regardless.
     *
     * <p>Publishes only when what is served changes: replacing a set with an identical one publishes nothing, so a
     * source may hand over its whole state as often as it likes without churn. A change of bookkeeping alone (a
     * takeover of an identical API service) is recorded, and persisted, without a publication.
     */
    public CompletableFuture<ChangeOutcome> replaceSource(Source source, List<StoredService> listed) {
        for (StoredService service : listed) {
            if (service.source() != source) {
                throw new IllegalArgumentException("service " + service.name() + " comes from " + service.source()
                        + ", not from " + source);
            }
        }
        List<StoredService> copy = List.copyOf(listed);
        return mutate(() -> {
            TreeMap<String, StoredService> next = new TreeMap<>(services);
            next.values().removeIf(service -> service.source() == source);
            List<String> refused = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (StoredService service : copy) {
                String name = service.name();
                if (!seen.add(name)) {
                    refused.add("serviceName " + name + " is listed more than once; the first entry is kept");
                    continue;
                }
                StoredService held = next.get(name);
                if (held != null && held.source() == Source.ENV) {
                    refused.add("serviceName " + name + " is defined by DFP_SERVICE_* environment variables, which"
                            + " take precedence; remove those variables to let " + source + " define it");
                    continue;
                }
                Optional<String> conflict = clashWith(next, service);
                if (conflict.isPresent()) {
                    refused.add(conflict.get());
                    StoredService kept = services.get(name);
                    if (kept != null && kept.source() == source) {
                        next.put(name, kept); // its last good version keeps serving
                    }
                    continue;
                }
                next.put(name, service);
            }
            reportRefusals(source, refused);
            boolean publish = !specsOf(next).equals(specsOf(services));
            boolean persist = !apiServices(next).equals(apiServices(services));
            return new Mutation(next, publish, persist, refused, source.label(), Optional.empty());
        });
    }

    /** Logs the refusals of a source that were not logged for its previous set, so a repeated set is quiet. */
    private void reportRefusals(Source source, List<String> refused) {
        Set<String> before = lastRefusals.getOrDefault(source, Set.of());
        refused.stream().filter(reason -> !before.contains(reason)).forEach(reason -> {
            LOG.error("{} service not applied: {}", source, reason);
            journal.record(source, serviceNamed(reason), ReconfigureJournal.Outcome.REJECTED, reason);
        });
        lastRefusals.put(source, Set.copyOf(refused));
    }

    /** Every refusal starts {@code serviceName <name>}; "" if one ever does not. */
    private static String serviceNamed(String refusal) {
        Matcher named = REFUSED_NAME.matcher(refusal);
        return named.lookingAt() ? named.group(1) : "";
    }

    private static SortedMap<String, ServiceSpec> specsOf(SortedMap<String, StoredService> serving) {
        return new SpecsByName(serving);
    }

    private static List<StoredService> apiServices(SortedMap<String, StoredService> serving) {
        return serving.values().stream().filter(service -> service.source() == Source.API).toList();
    }

    /** Publishes the current services again under a new version (DFP's {@code reload?recreate=true}). */
    public CompletableFuture<ChangeOutcome> republish() {
        return mutate(() -> new Mutation(services, true, false, List.of(), "reload",
                Optional.of("the same " + services.size() + " service(s) published again")));
    }

    /**
     * One change to apply on the store thread.
     *
     * @param publish whether {@code next} serves something different, so a new version must be published
     * @param persist whether the API services differ, so the state file must be rewritten
     * @param refused services left out of a whole-set replacement, with the reason
     * @param origin  who asked, for the log: a {@link Source#label() source}, {@code start} or {@code reload}
     * @param summary what the log says was done, when the difference of services would not say it (start, reload)
     *                or is known without comparing them all (one service put or removed)
     */
    private record Mutation(SortedMap<String, StoredService> next, boolean publish, boolean persist,
                            List<String> refused, String origin, Optional<String> summary) {
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
            CompletableFuture<Optional<String>> saved = NOTHING_TO_SAVE;
            if (!mutation.next().equals(services)) {
                // Same specs, different bookkeeping (where a service came from): nothing to publish, but remember it.
                SortedMap<String, StoredService> before = services;
                services = readOnly(mutation.next());
                saved = save(before, services, mutation.persist());
            }
            return saved.thenApply(problem -> new ChangeOutcome(published.version(), false, problem,
                    mutation.refused()));
        }
        SortedMap<String, StoredService> before = services;
        PublishedConfig next = publication(mutation.next());
        services = readOnly(mutation.next());
        published = next;
        // Written while the subscribers compile and apply the change, the two halves of its time with many services.
        CompletableFuture<Optional<String>> saved = save(before, services, mutation.persist());
        return notifySubscribers(next).<CompletableFuture<ChangeOutcome>>handleAsync((ignored, failure) -> {
            if (failure == null) {
                LOG.info("configuration version {} ({}): {}", next.version(), mutation.origin(),
                        mutation.summary().orElseGet(() -> ConfigChange.between(before, services).toString()));
                return saved.thenApply(problem -> new ChangeOutcome(next.version(), true, problem,
                        mutation.refused()));
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            LOG.error("Configuration version {} could not be applied ({}); rolling back to the previous services",
                    next.version(), cause.toString());
            SortedMap<String, StoredService> attempted = services;
            services = before;
            PublishedConfig rollback = publication(before);
            published = rollback;
            // Saved after the change's own saves (the writer takes them in order); the caller hears of the failure
            // once the files hold the previous services again.
            CompletableFuture<Optional<String>> resaved = save(attempted, before, mutation.persist());
            PublishFailedException rejected =
                    new PublishFailedException("configuration could not be applied: " + cause.getMessage(), cause);
            return notifySubscribers(rollback).handle((done, rollbackFailure) -> {
                if (rollbackFailure != null) {
                    LOG.error("Rolling back to version {} failed too: {}", rollback.version(),
                            rollbackFailure.toString());
                }
                return rollback;
            }).<Optional<String>, ChangeOutcome>thenCombine(resaved, (rolledBack, problem) -> {
                throw rejected;
            });
        }, thread).thenCompose(outcome -> outcome);
    }

    /**
     * The services a mutation built, as the store keeps them: every mutation hands over either a map of its own, which
     * nothing else holds (so it is wrapped, not copied: 10,000 entries a change), or the current services.
     */
    private SortedMap<String, StoredService> readOnly(SortedMap<String, StoredService> next) {
        return next == services ? services : Collections.unmodifiableSortedMap(next);
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

    /**
     * On the writer thread, in order with the saves asked before: the last known services of each source whose set
     * differs between {@code before} and {@code after}, and, if {@code api}, the API services of {@code after}. The
     * value is the state file's problem, if any; failures are logged, never thrown, because the change is live.
     */
    private CompletableFuture<Optional<String>> save(SortedMap<String, StoredService> before,
                                                     SortedMap<String, StoredService> after, boolean api) {
        if (stateFile.isEmpty()) {
            return NOTHING_TO_SAVE; // no STATE_DIR: no file of either kind
        }
        return CompletableFuture.supplyAsync(() -> {
            rememberSources(before, after);
            return api ? persist(stateFile.get(), after) : Optional.<String>empty();
        }, writer);
    }

    /** Saves the services of each re-derived source whose set changed; a failure is logged, the change is live. */
    private void rememberSources(SortedMap<String, StoredService> before, SortedMap<String, StoredService> after) {
        lastKnown.forEach((source, file) -> {
            List<StoredService> now = after.values().stream().filter(s -> s.source() == source).toList();
            if (!now.equals(before.values().stream().filter(s -> s.source() == source).toList())) {
                try {
                    file.save(now);
                } catch (IOException | RuntimeException e) {
                    LOG.error("Remembering the {} services in {} failed ({}); they are served, but a restart will"
                            + " wait for their source", source, file.path(), e.toString());
                }
            }
        });
    }

    /** Saves the API services of {@code serving}; a failure is logged and reported, never thrown. */
    private static Optional<String> persist(StateFile file, SortedMap<String, StoredService> serving) {
        try {
            file.save(apiServices(serving));
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            String problem = "the change is live but could not be saved to " + file.path() + " (" + e + "); it will "
                    + "be lost on restart";
            LOG.error("Persisting API services failed: {}", problem);
            return Optional.of(problem);
        }
    }

    /** Waits up to 5 s for each thread: the change under way, then the save under way, finish. */
    @Override
    public void close() {
        for (ExecutorService executor : List.of(thread, writer)) {
            executor.shutdown();
            try {
                if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                    executor.shutdownNow();
                }
            } catch (InterruptedException e) {
                executor.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }
}
