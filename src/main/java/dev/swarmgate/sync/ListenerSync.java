package dev.swarmgate.sync;

import dev.swarmgate.config.InvalidServiceException;
import dev.swarmgate.config.ReplicaSync;
import dev.swarmgate.config.ServiceSpec;
import dev.swarmgate.config.dfp.ServiceParameters;
import dev.swarmgate.config.dfp.LabelWording;
import dev.swarmgate.config.dfp.ServiceRequest;
import dev.swarmgate.store.ChangeOutcome;
import dev.swarmgate.store.ConfigStore;
import dev.swarmgate.store.PublishFailedException;
import dev.swarmgate.store.ReconfigureJournal;
import dev.swarmgate.store.ReconfigureJournal.Outcome;
import dev.swarmgate.store.Source;
import dev.swarmgate.store.StoredService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The proxy's link to its Swarm listeners ({@code LISTENER_ADDRESS}, dfp-compat §4.2): fetches every listener's
 * service list at start (and on, with {@code REPEAT_RELOAD} or a feed), parses each service with the same parser as
 * the API, and applies the union of all lists as the store's {@link Source#LISTENER} services in one change.
 *
 * <p>One bad service never blocks the others: an entry that does not parse is skipped with an ERROR naming it (its
 * previous good version, if this listener listed one, keeps serving), and a service whose configuration cannot be
 * put into effect (a port that cannot be bound) is left out while the rest is applied. Unlike DFP, a service the
 * listeners no longer list is removed, and an unchanged list publishes nothing.
 *
 * <p>A Swarmgate listener's feed also carries the addresses of each service's running tasks. Those on a network this
 * proxy shares (a subnet of one of its interfaces) are handed to the task address book, the same path as a proxy
 * watching Docker, so a new task is reached as soon as the feed brings it instead of at the next
 * {@code tasks.<name>} lookup; a service the feed carries no addresses for (every service of DFSL or of an older
 * listener) is left to DNS. A list whose services did not change is not parsed again: only its addresses are read.
 */
public final class ListenerSync implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerSync.class);

    private final Map<String, Long> appliedVersions = new java.util.concurrent.ConcurrentHashMap<>();

    private final ReplicaSync settings;
    private final ServiceParameters parser;
    private final ConfigStore store;
    private final List<ListenerClient> clients;
    private final Function<ListenerClient, ServiceSetSource> sources;
    private final Consumer<Map<String, List<InetAddress>>> taskAddresses;
    private final Supplier<LocalSubnets> subnets;
    private final ExecutorService watches = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("listener-watch-", 0).factory());

    /** Per listener, in LISTENER_ADDRESS order: the services of its last list. Guarded by this. */
    private final Map<URI, Map<String, StoredService>> listed = new LinkedHashMap<>();
    /** Per listener: the problems reported for its last list, so a repeated list does not repeat them. */
    private final Map<URI, Set<String>> reported = new HashMap<>();
    /** Services whose configuration could not be put into effect, skipped until their spec changes. */
    private final Map<String, ServiceSpec> unapplicable = new HashMap<>();
    /** Per listener: its last list's entries, applied; a list with the same entries needs no parsing. */
    private final Map<URI, List<ListedService>> applied = new HashMap<>();
    /** Per listener: the task addresses of its last list this proxy can reach, by serviceName. */
    private final Map<URI, Map<String, List<InetAddress>>> reachable = new LinkedHashMap<>();
    /** Per listener: the problems of its last list's task addresses, so a repeated list does not repeat them. */
    private final Map<URI, List<String>> reportedAddressProblems = new HashMap<>();
    /** Per listener: whether its last list of services carried task addresses, to log when that changes. */
    private final Map<URI, Boolean> carriesAddresses = new HashMap<>();
    /** Per listener: when its last list arrived. */
    private final Map<URI, Instant> lastList = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean initialSyncDone;
    private final ReconfigureJournal journal;

    /**
     * What this replica knows of one Swarm listener, for the stats page.
     *
     * @param services how many services its last applied list had
     * @param lastList when its last list arrived, if one did
     * @param version  the feed version of that list (empty for a {@code get-services} pull, which has none)
     */
    public record ListenerState(URI listener, int services, Optional<Instant> lastList, OptionalLong version) {
    }

    /**
     * Subscribes to each listener's feed, falling back to {@code get-services} pulls where there is none.
     *
     * @param taskAddresses receives, after every list, the reachable task addresses the listeners carry, by
     *                      serviceName ({@code TaskAddressBook::replace}); services missing from it use DNS
     */
    public ListenerSync(ReplicaSync settings, ServiceParameters parser, ConfigStore store, Supplier<HttpClient> http,
                        Consumer<Map<String, List<InetAddress>>> taskAddresses) {
        this(settings, parser, store, http, taskAddresses, new ReconfigureJournal());
    }

    /**
     * @param journal records a listed service when its entry is new or changed (applied or partly ignored) and
     *                when it is skipped with a reason not reported for the previous list
     */
    public ListenerSync(ReplicaSync settings, ServiceParameters parser, ConfigStore store, Supplier<HttpClient> http,
                        Consumer<Map<String, List<InetAddress>>> taskAddresses, ReconfigureJournal journal) {
        this(settings, parser, store, http, client -> new FeedOrPull(client, new FeedSubscription(client)),
                taskAddresses, LocalSubnets::ofThisHost, journal);
    }

    ListenerSync(ReplicaSync settings, ServiceParameters parser, ConfigStore store, Supplier<HttpClient> http,
                 Function<ListenerClient, ServiceSetSource> sources,
                 Consumer<Map<String, List<InetAddress>>> taskAddresses, Supplier<LocalSubnets> subnets) {
        this(settings, parser, store, http, sources, taskAddresses, subnets, new ReconfigureJournal());
    }

    ListenerSync(ReplicaSync settings, ServiceParameters parser, ConfigStore store, Supplier<HttpClient> http,
                 Function<ListenerClient, ServiceSetSource> sources,
                 Consumer<Map<String, List<InetAddress>>> taskAddresses, Supplier<LocalSubnets> subnets,
                 ReconfigureJournal journal) {
        this.journal = journal;
        this.settings = settings;
        this.parser = parser;
        this.store = store;
        this.clients = settings.listeners().stream().map(base -> new ListenerClient(http, base)).toList();
        this.sources = sources;
        this.taskAddresses = taskAddresses;
        this.subnets = subnets;
        this.initialSyncDone = clients.isEmpty();
        clients.forEach(client -> listed.put(client.base(), Map.of()));
    }

    /** Starts fetching from every listener in the background; returns at once. */
    public void start() {
        int maxAttempts = clients.size() > 1 ? settings.reloadAttempts() : 0;
        for (ListenerClient client : clients) {
            ServiceSetSource source = sources.apply(client);
            LOG.info("Fetching services from Swarm listener {} ({} attempts, every {} ms{})", client.base(),
                    maxAttempts == 0 ? "unlimited" : maxAttempts, settings.reloadInterval().toMillis(),
                    settings.repeatReload() ? ", repeated" : "");
            watches.execute(new ListenerWatch(client.base(), source, this::receive, settings.reloadInterval(),
                    maxAttempts, settings.repeatReload()));
        }
    }

    /**
     * Whether the first list from a listener has been applied, or there is no listener: what
     * {@code successfulinitreload} reports, so a replica is healthy only once it serves the swarm's services.
     */
    public boolean initialSyncDone() {
        return initialSyncDone;
    }

    /** The listeners, in {@code LISTENER_ADDRESS} order. */
    public List<URI> listeners() {
        return clients.stream().map(ListenerClient::base).toList();
    }

    /**
     * Asks every listener to resend a create notification for each service ({@code reload?fromListener=true}).
     * Completes with the failures, one sentence per listener that did not answer 200; never fails itself.
     */
    public CompletableFuture<List<String>> notifyServices() {
        List<CompletableFuture<String>> calls = clients.stream().map(ListenerClient::notifyServices).toList();
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
                .thenApply(done -> calls.stream().map(CompletableFuture::join).filter(Objects::nonNull).toList());
    }

    /**
     * The feed version of each listener's list this replica has applied (listeners pulled through
     * {@code get-services}, which has no version, are absent): replicas serving the same version agree.
     */
    public Map<String, Long> appliedVersions() {
        return Map.copyOf(appliedVersions);
    }

    /** Each listener's state, in {@code LISTENER_ADDRESS} order. */
    public synchronized List<ListenerState> states() {
        List<ListenerState> states = new ArrayList<>();
        listed.forEach((listener, services) -> {
            Long version = appliedVersions.get(listener.toString());
            states.add(new ListenerState(listener, services.size(), Optional.ofNullable(lastList.get(listener)),
                    version == null ? OptionalLong.empty() : OptionalLong.of(version)));
        });
        return states;
    }

    /** Called by each listener's watch with the list it fetched. */
    private synchronized void receive(URI listener, ServiceSet set) throws InterruptedException {
        lastList.put(listener, Instant.now());
        // Addresses first: a service new in this list then gets its endpoints from the book when its route is made.
        receiveTaskAddresses(listener, set);
        if (!set.services().equals(applied.get(listener))) {
            listed.put(listener, accept(listener, set));
            Map<String, StoredService> union = new LinkedHashMap<>();
            listed.values().forEach(services -> services.forEach(union::putIfAbsent));
            apply(new ArrayList<>(union.values()));
            applied.put(listener, set.services());
            if (!initialSyncDone) {
                LOG.info("Initial sync from Swarm listener {} done: {} service(s) listed", listener, union.size());
            }
        }
        set.version().ifPresent(version -> appliedVersions.put(listener.toString(), version));
        initialSyncDone = true;
    }

    /** Keeps the addresses on this proxy's networks and hands the union over all listeners to the book. */
    private void receiveTaskAddresses(URI listener, ServiceSet set) {
        if (!set.problems().equals(reportedAddressProblems.get(listener))) {
            set.problems().forEach(problem -> LOG.error("Swarm listener {}: {}", listener, problem));
            reportedAddressProblems.put(listener, set.problems());
        }
        if (!set.services().isEmpty()) {
            boolean carries = !set.taskAddresses().isEmpty();
            if (!Objects.equals(carriesAddresses.put(listener, carries), carries)) {
                LOG.info(carries ? "Swarm listener {} carries task addresses: its services' endpoints follow it"
                        : "Swarm listener {} carries no task addresses: its services' endpoints come from"
                        + " tasks.<name> DNS", listener);
            }
        }
        LocalSubnets local = subnets.get();
        Map<String, List<InetAddress>> onOwnNetworks = new LinkedHashMap<>();
        // Interfaces that cannot be listed say nothing about what is reachable: DNS then, rather than no endpoint.
        if (!local.subnets().isEmpty()) {
            set.taskAddresses().forEach((service, addresses) ->
                    onOwnNetworks.put(service, addresses.stream().filter(local::contains).toList()));
        }
        reachable.put(listener, onOwnNetworks);
        Map<String, List<InetAddress>> union = new LinkedHashMap<>();
        reachable.values().forEach(byService -> byService.forEach(union::putIfAbsent));
        taskAddresses.accept(union);
    }

    /** Parses a list; what does not parse is reported and skipped, keeping this listener's previous good version. */
    private Map<String, StoredService> accept(URI listener, ServiceSet set) {
        Map<String, StoredService> previous = listed.get(listener);
        Map<String, StoredService> accepted = new LinkedHashMap<>();
        Set<String> problems = new LinkedHashSet<>();
        Set<String> before = reported.getOrDefault(listener, Set.of());
        for (ListedService entry : set.services()) {
            String label = entry.label();
            if (entry.problem().isPresent()) {
                String problem = skipped(listener, label, entry.problem().get(), previous.get(label));
                recordNew(problems, before, problem, label, Outcome.REJECTED);
                keepPrevious(previous, label, accepted);
                continue;
            }
            ServiceRequest request;
            try {
                request = parser.parse(entry.parameters());
            } catch (InvalidServiceException e) {
                // The listener built the parameters from the service's com.df.* labels: name those.
                String problem = skipped(listener, label, LabelWording.of(e.getMessage()), previous.get(label));
                recordNew(problems, before, problem, label, Outcome.REJECTED);
                keepPrevious(previous, label, accepted);
                continue;
            }
            List<String> ignored = request.unsupported().stream().map(LabelWording::of).toList();
            ignored.forEach(sentence -> problems.add("Swarm listener " + listener + ": service " + label
                    + ": " + sentence));
            // replicas=0: the service is not running, so it is not served (DFP removes it the same way).
            request.spec().ifPresent(spec -> accepted.putIfAbsent(request.serviceName(),
                    new StoredService(spec, request.parameters(), Source.LISTENER)));
            StoredService held = previous.get(request.serviceName());
            if (request.spec().isPresent() && (held == null || !held.spec().equals(request.spec().get()))) {
                journal.record(Source.LISTENER, request.serviceName(),
                        ignored.isEmpty() ? Outcome.APPLIED : Outcome.PARTLY_IGNORED, String.join("; ", ignored));
            }
        }
        problems.stream().filter(problem -> !before.contains(problem)).forEach(problem -> LOG.error("{}", problem));
        reported.put(listener, problems);
        return accepted;
    }

    /** Adds a problem; records it in the journal when the previous list did not have it already. */
    private void recordNew(Set<String> problems, Set<String> before, String problem, String service,
                           Outcome outcome) {
        problems.add(problem);
        if (!before.contains(problem)) {
            journal.record(Source.LISTENER, service, outcome, problem);
        }
    }

    private static String skipped(URI listener, String label, String reason, StoredService previous) {
        return "Swarm listener " + listener + ": service " + label + " is skipped (" + reason + ")"
                + (previous != null ? "; its previous version keeps serving" : "");
    }

    private static void keepPrevious(Map<String, StoredService> previous, String label,
                                     Map<String, StoredService> into) {
        StoredService good = previous.get(label);
        if (good != null) {
            into.putIfAbsent(label, good);
        }
    }

    /** Applies the union in one change; if that cannot be put into effect, service by service. */
    private void apply(List<StoredService> union) throws InterruptedException {
        List<StoredService> wanted = new ArrayList<>();
        for (StoredService service : union) {
            ServiceSpec failed = unapplicable.get(service.name());
            if (failed == null) {
                wanted.add(service);
            } else if (!failed.equals(service.spec())) {
                unapplicable.remove(service.name());
                wanted.add(service);
            } else {
                StoredService serving = store.services().get(service.name());
                if (serving != null && serving.source() == Source.LISTENER) {
                    wanted.add(serving);
                }
            }
        }
        try {
            report(store.replaceSource(Source.LISTENER, wanted).get());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof PublishFailedException failure)) {
                throw new IllegalStateException("applying the Swarm listeners' services failed: " + e.getCause(),
                        e.getCause());
            }
            LOG.error("The Swarm listeners' services could not be put into effect together ({}); applying them one"
                    + " by one to find the ones that cannot", failure.getMessage());
            applyOneByOne(wanted);
        }
    }

    /** Adds or changes one service at a time over what serves now, so a service that fails never takes others along. */
    private void applyOneByOne(List<StoredService> wanted) throws InterruptedException {
        Map<String, StoredService> serving = new LinkedHashMap<>();
        store.services().values().stream().filter(service -> service.source() == Source.LISTENER)
                .forEach(service -> serving.put(service.name(), service));
        for (StoredService service : wanted) {
            if (service.equals(serving.get(service.name()))) {
                continue;
            }
            Map<String, StoredService> trial = new LinkedHashMap<>(serving);
            trial.put(service.name(), service);
            try {
                report(store.replaceSource(Source.LISTENER, List.copyOf(trial.values())).get());
                serving.clear();
                serving.putAll(trial);
            } catch (ExecutionException e) {
                LOG.error("Swarm listener service {} cannot be put into effect ({}); it is skipped until its "
                        + "parameters change", service.name(), e.getCause().getMessage());
                unapplicable.put(service.name(), service.spec());
            }
        }
        Set<String> names = new HashSet<>();
        wanted.forEach(service -> names.add(service.name()));
        serving.keySet().retainAll(names);
        try {
            report(store.replaceSource(Source.LISTENER, List.copyOf(serving.values())).get());
        } catch (ExecutionException e) {
            LOG.error("Removing the services the Swarm listeners no longer list failed: {}", e.getCause().getMessage());
        }
    }

    /** Refused services and what changed are logged by the store, as for every source. */
    private void report(ChangeOutcome outcome) {
        outcome.persistenceProblem().ifPresent(problem -> LOG.warn("{}", problem));
        if (!outcome.changed()) {
            LOG.debug("Swarm listener services unchanged (version {})", outcome.version());
        }
    }

    /** Stops every watch; a fetch in progress is abandoned. */
    @Override
    public void close() {
        watches.shutdownNow();
        try {
            if (!watches.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("A Swarm listener watch did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
