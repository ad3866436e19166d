package dev.swarmgate.listener;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends each notification to every URL of its kind at once, and keeps, per swarm service id, the deliveries still
 * under way: a newer notification for the same service cancels them, retries included, as DFSL's cancel manager
 * does, so a proxy never receives an older state after a newer one.
 */
public final class Notifier implements AutoCloseable {

    private final List<NotifyTarget> createTargets;
    private final List<NotifyTarget> removeTargets;
    private final Delivery.Retries retries;
    private final ListenerMetrics metrics;
    private final NotificationClient client = new NotificationClient();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("listener-retries").factory());
    private final Map<String, List<Delivery>> underWay = new HashMap<>();
    private final AtomicLong sent = new AtomicLong();

    public Notifier(ListenerSettings settings, ListenerMetrics metrics) {
        this.createTargets = settings.createTargets();
        this.removeTargets = settings.removeTargets();
        this.retries = new Delivery.Retries(settings.retries(), settings.retryInterval(), settings.requestTimeout());
        this.metrics = metrics;
    }

    /**
     * Cancels what is still under way for the notification's service, then sends it to every URL of its kind.
     *
     * @return the outcome per URL, in the order configured; empty when no URL of this kind is configured
     */
    CompletableFuture<List<Delivery.Outcome>> send(Notification notification) {
        sent.incrementAndGet();
        List<NotifyTarget> targets = notification.kind() == Notification.Kind.CREATE ? createTargets : removeTargets;
        List<Delivery> deliveries = new ArrayList<>();
        for (NotifyTarget target : targets) {
            deliveries.add(new Delivery(notification, target, client, timer, retries, metrics));
        }
        List<Delivery> previous;
        synchronized (this) {
            previous = deliveries.isEmpty() ? underWay.remove(notification.serviceId())
                    : underWay.put(notification.serviceId(), deliveries);
        }
        if (previous != null) {
            previous.forEach(Delivery::cancel);
        }
        List<CompletableFuture<Delivery.Outcome>> outcomes = deliveries.stream().map(Delivery::start).toList();
        CompletableFuture<List<Delivery.Outcome>> all = CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
                .thenApply(done -> outcomes.stream().map(CompletableFuture::join).toList());
        // Off the completing thread, which may hold a delivery's lock.
        all.whenCompleteAsync((done, failure) -> forget(notification.serviceId(), deliveries), timer);
        return all;
    }

    /** Cancels whatever is under way for this service, sending nothing new. */
    void cancel(String serviceId) {
        List<Delivery> previous;
        synchronized (this) {
            previous = underWay.remove(serviceId);
        }
        if (previous != null) {
            previous.forEach(Delivery::cancel);
        }
    }

    /** How many notifications were sent (started) since start-up, whether to one URL or many. */
    long sent() {
        return sent.get();
    }

    /** How many services have notifications under way (sending or waiting to retry). */
    synchronized int underWay() {
        return underWay.size();
    }

    boolean notifies() {
        return !createTargets.isEmpty() || !removeTargets.isEmpty();
    }

    private synchronized void forget(String serviceId, List<Delivery> deliveries) {
        underWay.remove(serviceId, deliveries);
    }

    @Override
    public void close() {
        List<Delivery> all = new ArrayList<>();
        synchronized (this) {
            underWay.values().forEach(all::addAll);
            underWay.clear();
        }
        all.forEach(Delivery::cancel);
        timer.shutdownNow();
        client.close();
    }
}
