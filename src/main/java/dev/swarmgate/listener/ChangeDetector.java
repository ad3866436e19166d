package dev.swarmgate.listener;

import dev.swarmgate.config.dfp.NotifyLabel;
import dev.swarmgate.discovery.SwarmObserver;
import dev.swarmgate.docker.SwarmService;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Turns the swarm watcher's complete lists of marked services into DFSL's notifications: a create for a service
 * that is new or whose parameters or image changed, a remove (with the parameters last sent) for one that is gone,
 * whether removed or stripped of its notify label. It remembers what it last sent per service id, which is DFSL's
 * cache, and keeps the feed and the service-count metric in step. The feed also carries the addresses of each
 * service's running tasks, under the name the proxies know the service by, so a proxy following it reaches a new task
 * without waiting for its next {@code tasks.<name>} lookup.
 *
 * <p>The first list after start-up finds every marked service new, so each gets a create notification, as DFSL's
 * start-up sends one for every running service.
 */
public final class ChangeDetector implements SwarmObserver {

    private static final Comparator<NotifiedService> BY_NAME = Comparator.comparing(NotifiedService::serviceName)
            .thenComparing(NotifiedService::id);

    private final NotifyLabel notifyLabel;
    private final String namePrefix;
    private final Notifier notifier;
    private final ServiceFeed feed;
    private final ListenerMetrics metrics;
    private final CompletableFuture<Void> firstListing = new CompletableFuture<>();
    private Map<String, NotifiedService> known = Map.of(); // by service id, as last notified
    // Touched only on the watcher's thread: what the feed is made of.
    private List<Map<String, String>> feedServices = List.of();
    private Map<String, String> serviceNames = Map.of(); // by swarm name: the serviceName the proxies use
    private Map<String, List<InetAddress>> runningTasks; // by swarm name; null until the tasks were first listed

    public ChangeDetector(ListenerSettings settings, Notifier notifier, ServiceFeed feed, ListenerMetrics metrics) {
        this.notifyLabel = settings.notifyLabel();
        this.namePrefix = settings.serviceNamePrefix();
        this.notifier = notifier;
        this.feed = feed;
        this.metrics = metrics;
    }

    @Override
    public void servicesChanged(List<SwarmService> marked) {
        Map<String, NotifiedService> now = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (SwarmService service : marked) {
            NotifiedService notified = NotifiedService.of(service, notifyLabel, namePrefix);
            now.put(service.id(), notified);
            names.putIfAbsent(service.name(), notified.serviceName());
        }
        // Sending under the lock orders these notifications with resend(): the newest state always goes last.
        synchronized (this) {
            Set<String> namesNow = new HashSet<>();
            now.values().forEach(service -> namesNow.add(service.serviceName()));
            known.forEach((id, before) -> {
                if (now.containsKey(id)) {
                    return;
                }
                if (namesNow.contains(before.serviceName())) {
                    notifier.cancel(id); // replaced under the same name: its create below is the news
                } else {
                    notifier.send(before.removed());
                }
            });
            now.forEach((id, service) -> {
                NotifiedService before = known.get(id);
                if (before == null || service.differsFrom(before)) {
                    notifier.send(service.created());
                }
            });
            known = now;
        }
        metrics.serviceCount(now.size());
        feedServices = sorted(now.values()).stream().map(NotifiedService::createParameters).toList();
        serviceNames = names;
        publishFeed();
        firstListing.complete(null);
    }

    @Override
    public void tasksChanged(Map<String, List<InetAddress>> addressesByService) {
        runningTasks = addressesByService;
        publishFeed();
    }

    /** The services and, once tasks were listed, the task addresses of those the listing covered, by serviceName. */
    private void publishFeed() {
        Map<String, List<String>> taskAddresses = null;
        if (runningTasks != null) {
            taskAddresses = new LinkedHashMap<>();
            for (Map.Entry<String, String> name : serviceNames.entrySet()) {
                List<InetAddress> addresses = runningTasks.get(name.getKey());
                if (addresses != null) {
                    taskAddresses.putIfAbsent(name.getValue(),
                            addresses.stream().map(InetAddress::getHostAddress).toList());
                }
            }
        }
        feed.publish(feedServices, taskAddresses);
    }

    /** The marked services as last listed, sorted by serviceName. */
    public synchronized List<NotifiedService> known() {
        return sorted(known.values());
    }

    /** Completes once the swarm was listed for the first time. */
    public CompletableFuture<Void> firstListing() {
        return firstListing;
    }

    /**
     * Sends a create notification again, whether or not anything changed, for each of these services that is still
     * marked, with its current parameters.
     */
    synchronized void resend(List<String> serviceIds) {
        for (String id : serviceIds) {
            NotifiedService service = known.get(id);
            if (service != null) {
                notifier.send(service.created());
            }
        }
    }

    /** notify-services: a create notification for every marked service, bypassing what was sent before. */
    synchronized void resendAll() {
        sorted(known.values()).forEach(service -> notifier.send(service.created()));
    }

    private static List<NotifiedService> sorted(Collection<NotifiedService> services) {
        List<NotifiedService> list = new ArrayList<>(services);
        list.sort(BY_NAME);
        return list;
    }
}
