package dev.swarmgate.proxy.http;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * One lazily rescheduled timer on a client's event loop: pulled in when a sooner deadline appears, never pushed out
 * (a later deadline is found when it fires), so a request costs no timer churn. Its owner decides on firing whether
 * the deadline really passed.
 */
final class DeadlineTimer {

    private final EventExecutor executor;
    private final Runnable onFire;
    private ScheduledFuture<?> timer;
    private long firesAt;

    DeadlineTimer(EventExecutor executor, Runnable onFire) {
        this.executor = executor;
        this.onFire = onFire;
    }

    /** Makes sure the timer fires no later than {@code deadline} (a {@link System#nanoTime()} value). */
    void arm(long deadline) {
        if (timer != null) {
            if (firesAt <= deadline) {
                return;
            }
            timer.cancel(false);
        }
        firesAt = deadline;
        timer = executor.schedule(this::fire, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void fire() {
        timer = null;
        onFire.run();
    }
}
