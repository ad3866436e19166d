package dev.swarmgate.discovery;

import dev.swarmgate.config.dfp.DiscoverySettings;
import dev.swarmgate.docker.DockerClient;
import dev.swarmgate.docker.EventStream;
import dev.swarmgate.docker.SwarmService;
import dev.swarmgate.docker.SwarmTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Keeps an eye on the swarm: which services carry the notify label (and their labels, replicas and image), and the
 * running tasks of those services. Service events only say that something changed, so every event triggers a
 * listing (bursts coalesce into one); the listing is the truth, and it also runs after every (re)subscription, so
 * events lost while the stream was down are never missed, and at a slow fixed interval as a safety net. Events do not
 * cover tasks, so the tasks of the marked services, and only of those, are listed at a short interval, in one
 * request, and looked at only when they changed (the client gives the same list while they have not, so an idle
 * swarm costs one request and no parsing per interval). Once {@link DiscoverySettings#QUIET_LISTINGS} listings in a
 * row found nothing changed, the tasks are listed at the longer idle interval, until a service event or a changed
 * listing brings the short one back at once (a replaced task the orchestrator started on its own, with no service
 * event, is then seen within the idle interval). Observers that check rather than route (warnings about
 * services the proxy cannot reach, or labels put on containers) also hear every service listing, changed or not,
 * and every task listing that changed, at no extra request.
 * A Docker failure is logged once per outage and retried with back-off; observers keep what they were told last,
 * so routes already known keep serving.
 */
public final class SwarmWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SwarmWatcher.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration LAST_RETRY = Duration.ofSeconds(30);

    private final DockerClient docker;
    private final DiscoverySettings settings;
    private final Supplier<CompletableFuture<TaskNetworks>> networkFinder;
    private TaskNetworks networks;
    private boolean findingNetworks;
    private final List<SwarmObserver> observers;
    private final ScheduledExecutorService thread;
    private final Backoff streamBackoff = new Backoff(FIRST_RETRY, LAST_RETRY);
    private final Backoff listBackoff = new Backoff(FIRST_RETRY, LAST_RETRY);

    // Touched only on the watcher thread.
    private List<SwarmService> marked;
    private Map<String, List<InetAddress>> taskAddresses;
    // The last task listing looked at, and for which services: the client gives the same list while nothing changed.
    private List<SwarmTask> listedTasks;
    private List<SwarmService> listedFor;
    private boolean listing;
    private boolean listAgain;
    private boolean listingFailed;
    private boolean tasksInFlight;
    private boolean tasksFailed;
    private EventStream events;
    private boolean closed;
    private int unchangedTaskListings;
    private ScheduledFuture<?> nextTaskListing;
    private boolean idlePace;
    private volatile long listings;
    private final LongAdder errors = new LongAdder();
    private volatile long taskListings;

    /**
     * @param networkFinder finds the networks whose task addresses count ({@link TaskNetworks#ofOwnTask}); asked
     *                      again before each task listing until it succeeds
     */
    public SwarmWatcher(DockerClient docker, DiscoverySettings settings, Supplier<CompletableFuture<TaskNetworks>> networkFinder,
                        SwarmObserver observer) {
        this(docker, settings, networkFinder, List.of(observer));
    }

    /** @param observers told in this order; one that fails does not keep the next from hearing */
    public SwarmWatcher(DockerClient docker, DiscoverySettings settings,
                        Supplier<CompletableFuture<TaskNetworks>> networkFinder, List<SwarmObserver> observers) {
        this.docker = docker;
        this.settings = settings;
        this.networkFinder = networkFinder;
        this.observers = List.copyOf(observers);
        this.thread = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("swarm-watcher").factory());
    }

    /** Subscribes to service events and starts listing; returns at once. */
    public SwarmWatcher start() {
        thread.execute(this::subscribe);
        thread.execute(this::list); // not waiting for the stream: an engine may be slow to confirm it
        long relist = settings.relistInterval().toMillis();
        thread.scheduleWithFixedDelay(this::list, relist, relist, TimeUnit.MILLISECONDS);
        thread.execute(() -> scheduleTaskListing(settings.taskInterval()));
        return this;
    }

    /** Failed event streams, service listings and task listings since start (for metrics). */
    public long errors() {
        return errors.sum();
    }

    /** How many service listings and task listings were made: the cost of watching, for metrics and tests. */
    public long serviceListings() {
        return listings;
    }

    public long taskListings() {
        return taskListings;
    }

    private void subscribe() {
        if (closed) {
            return;
        }
        EventStream stream = docker.events(Map.of("type", List.of("service")), event -> {
            if (!thread.isShutdown()) {
                thread.execute(() -> {
                    swarmChanged();
                    list();
                });
            }
        });
        events = stream;
        stream.opened().whenCompleteAsync((opened, failure) -> {
            if (failure == null) {
                LOG.info("Watching swarm service events on {}", docker.endpoint());
                streamBackoff.reset();
                list(); // whatever happened before the subscription
            }
        }, thread);
        stream.ended().whenCompleteAsync((ended, failure) -> {
            if (closed) {
                return;
            }
            errors.increment();
            Duration wait = streamBackoff.next();
            LOG.warn("Swarm event stream from {} stopped ({}); subscribing again in {} ms. Routes already known keep"
                    + " serving.", docker.endpoint(), failure == null ? "ended" : message(failure), wait.toMillis());
            thread.schedule(this::subscribe, wait.toMillis(), TimeUnit.MILLISECONDS);
        }, thread);
    }

    /** Lists services now, or once more after the listing under way. */
    private void list() {
        if (closed) {
            return;
        }
        if (listing) {
            listAgain = true;
            return;
        }
        listing = true;
        docker.services().whenCompleteAsync((services, failure) -> {
            listing = false;
            listings++;
            if (failure != null) {
                errors.increment();
                Duration wait = listBackoff.next();
                if (!listingFailed) {
                    LOG.error("Cannot list swarm services: {}. Retrying with back-off (now {} ms); routes already"
                            + " known keep serving.", message(failure), wait.toMillis());
                }
                listingFailed = true;
                thread.schedule(this::list, wait.toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            if (listingFailed) {
                LOG.info("Listing swarm services works again");
                listingFailed = false;
            }
            listBackoff.reset();
            onServices(services);
            if (listAgain) {
                listAgain = false;
                list();
            }
        }, thread);
    }

    private void onServices(List<SwarmService> services) {
        tell(observer -> observer.servicesListed(services));
        List<SwarmService> now = new ArrayList<>();
        for (SwarmService service : services) {
            if (settings.notifyLabel().marks(service.labels())) {
                now.add(service);
            }
        }
        now.sort(Comparator.comparing(SwarmService::name));
        if (!now.equals(marked)) {
            marked = List.copyOf(now);
            swarmChanged();
            tell(observer -> observer.servicesChanged(marked));
            listTasks(); // a new or changed service: its tasks now, not at the next tick
        }
    }

    private void taskListingDue() {
        listTasks();
        boolean idle = unchangedTaskListings >= DiscoverySettings.QUIET_LISTINGS;
        if (idle != idlePace) {
            idlePace = idle;
            LOG.debug("Swarm tasks are listed every {} ms from now on ({})", (idle ? settings.idleTaskInterval()
                    : settings.taskInterval()).toMillis(), idle ? "nothing changed lately" : "the swarm changes");
        }
        scheduleTaskListing(idle ? settings.idleTaskInterval() : settings.taskInterval());
    }

    private void scheduleTaskListing(Duration in) {
        if (!closed && !thread.isShutdown()) {
            nextTaskListing = thread.schedule(this::taskListingDue, in.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** A service event or a changed listing: back to the short interval, now rather than at the idle tick. */
    private void swarmChanged() {
        unchangedTaskListings = 0;
        if (idlePace && nextTaskListing != null && nextTaskListing.cancel(false)) {
            idlePace = false;
            scheduleTaskListing(settings.taskInterval());
        }
    }

    private void listTasks() {
        if (closed || marked == null) {
            return;
        }
        List<SwarmService> watched = marked;
        if (watched.isEmpty()) {
            report(Map.of());
            if (networks != null) {
                tell(observer -> observer.tasksListed(watched, List.of(), networks));
            }
            return;
        }
        if (tasksInFlight || findingNetworks) {
            return; // a slow engine gets one listing at a time, not a queue of them
        }
        if (networks == null) {
            findingNetworks = true;
            networkFinder.get().whenCompleteAsync((found, failure) -> {
                findingNetworks = false;
                if (failure == null) {
                    networks = found;
                    listTasks();
                } else {
                    LOG.warn("Cannot tell which networks this proxy is on yet: {}", message(failure));
                }
            }, thread);
            return;
        }
        tasksInFlight = true;
        List<String> ids = watched.stream().map(SwarmService::id).toList();
        docker.tasks(Map.of("service", ids, "desired-state", List.of("running")))
                .whenCompleteAsync((tasks, failure) -> {
                    tasksInFlight = false;
                    taskListings++;
                    if (failure != null) {
                        errors.increment();
                        if (!tasksFailed) {
                            LOG.error("Cannot list swarm tasks: {}. Endpoints keep their last known addresses.",
                                    message(failure));
                        }
                        tasksFailed = true;
                        return;
                    }
                    tasksFailed = false;
                    unchangedTaskListings++;
                    if (watched == marked && (tasks != listedTasks || watched != listedFor)) {
                        swarmChanged();
                        listedTasks = tasks;
                        listedFor = watched;
                        report(addresses(watched, tasks));
                        tell(observer -> observer.tasksListed(watched, tasks, networks));
                    }
                }, thread);
    }

    private Map<String, List<InetAddress>> addresses(List<SwarmService> services, List<SwarmTask> tasks) {
        Map<String, String> nameById = new HashMap<>();
        Map<String, List<InetAddress>> byName = new HashMap<>();
        for (SwarmService service : services) {
            nameById.put(service.id(), service.name());
            byName.put(service.name(), new ArrayList<>());
        }
        for (SwarmTask task : tasks) {
            String name = nameById.get(task.serviceId());
            if (name != null && task.isRunning()) {
                byName.get(name).addAll(networks.addressesOf(task));
            }
        }
        Map<String, List<InetAddress>> sorted = new HashMap<>();
        byName.forEach((name, list) -> {
            list.sort(Comparator.comparing(InetAddress::getHostAddress));
            sorted.put(name, List.copyOf(list));
        });
        return Map.copyOf(sorted);
    }

    private void report(Map<String, List<InetAddress>> next) {
        if (!Objects.equals(next, taskAddresses)) {
            taskAddresses = next;
            tell(observer -> observer.tasksChanged(next));
        }
    }

    private void tell(Consumer<SwarmObserver> call) {
        for (SwarmObserver observer : observers) {
            try {
                call.accept(observer);
            } catch (RuntimeException e) {
                LOG.error("A swarm observer failed", e);
            }
        }
    }

    private static String message(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    @Override
    public void close() {
        thread.execute(() -> {
            closed = true;
            if (events != null) {
                events.close();
            }
        });
        thread.shutdown();
        try {
            if (!thread.awaitTermination(2, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
