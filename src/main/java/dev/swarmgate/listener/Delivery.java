package dev.swarmgate.listener;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One notification on its way to one URL, DFSL's way: an attempt, then up to {@code retries} more spaced
 * {@code interval} apart while the proxy cannot be reached or answers anything but success (200; for a create also
 * 409). The wait between attempts is a scheduled task, never a sleeping thread, so a cancelled delivery leaves
 * nothing behind. The log lines are DFSL's.
 */
final class Delivery {

    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

    /** How a delivery ended. */
    enum Outcome { DELIVERED, FAILED, CANCELLED }

    /** How often and how long to try. */
    record Retries(int retries, Duration interval, Duration timeout) {
    }

    private final Notification notification;
    private final NotifyTarget target;
    private final String requestTarget;
    private final String url;
    private final NotificationClient client;
    private final ScheduledExecutorService timer;
    private final Retries policy;
    private final ListenerMetrics metrics;
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();

    // Guarded by this.
    private int attempts;
    private Future<?> pending;

    Delivery(Notification notification, NotifyTarget target, NotificationClient client,
             ScheduledExecutorService timer, Retries policy, ListenerMetrics metrics) {
        this.notification = notification;
        this.target = target;
        String query = notification.query();
        this.requestTarget = target.requestTarget(query);
        this.url = target.display(query);
        this.client = client;
        this.timer = timer;
        this.policy = policy;
        this.metrics = metrics;
    }

    /** Starts the first attempt; the future completes once delivered, given up or cancelled. */
    CompletableFuture<Outcome> start() {
        LOG.info("Sending service {} notification to {}", notification.kind().past(), url);
        attempt();
        return outcome;
    }

    /** Stops at once: the request in flight is aborted and no retry follows. */
    void cancel() {
        Future<?> stop;
        synchronized (this) { // with attempt(): no attempt can start once this returns
            if (!outcome.complete(Outcome.CANCELLED)) {
                return;
            }
            stop = pending;
            pending = null;
        }
        LOG.info("Canceling service {} notification to {}", notification.kind().verb(), url);
        if (stop != null) {
            stop.cancel(true);
        }
    }

    private void attempt() {
        synchronized (this) {
            if (outcome.isDone()) {
                return;
            }
            attempts++;
            int attempt = attempts;
            CompletableFuture<NotificationClient.Answer> exchange =
                    client.send(target, requestTarget, policy.timeout());
            pending = exchange;
            exchange.whenComplete((answer, failure) -> answered(attempt, answer, failure));
        }
    }

    private void answered(int attempt, NotificationClient.Answer answer, Throwable failure) {
        Notification.Kind kind = notification.kind();
        if (failure == null && kind.succeeded(answer.status())) {
            outcome.complete(Outcome.DELIVERED);
            return;
        }
        synchronized (this) {
            if (outcome.isDone()) {
                return; // cancelled: the failure is ours
            }
            if (attempt <= policy.retries() && policy.interval().isPositive()) {
                LOG.info("Retrying service {} notification to {} ({} try)", kind.past(), url, attempt);
                pending = timer.schedule(this::attempt, policy.interval().toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            // Counted and logged before the outcome is known, so whoever waits for it sees the error recorded.
            metrics.error(kind.errorOperation());
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                LOG.error("{} {}: {} (gave up after {} attempt(s))", target.method(), url, cause.getMessage(),
                        attempt);
            } else {
                LOG.error("Failed at retrying request to {} returned status code {}\n{}", url, answer.status(),
                        answer.body());
            }
            outcome.complete(Outcome.FAILED);
        }
    }
}
