package dev.swarmgate.auth;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Verifies passwords against hashes on a small pool of its own threads, never on an event loop. Bounded both ways:
 * a few threads (hashing is CPU work; more threads than cores buys nothing) and a queue of waiting checks; when the
 * queue is full (a flood of guesses) the check fails at once with {@link RejectedExecutionException} instead of
 * piling up.
 */
public final class OffLoopVerifier {

    /** The proxy's verifier: half the cores (at least one) hash, 1024 checks wait at most. */
    public static final OffLoopVerifier SHARED =
            new OffLoopVerifier(Math.max(1, Runtime.getRuntime().availableProcessors() / 2), 1024);

    private final ThreadPoolExecutor executor;

    public OffLoopVerifier(int threads, int queued) {
        AtomicInteger count = new AtomicInteger();
        executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queued),
                task -> {
                    Thread thread = new Thread(task, "swarmgate-password-hash-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
    }

    /**
     * Completes on a verifier thread with whether {@code password} matches {@code hash} (a hash the library cannot
     * process counts as no match), or fails with {@link RejectedExecutionException} when too many checks wait.
     */
    public CompletableFuture<Boolean> verify(PasswordHash hash, byte[] password) {
        try {
            return CompletableFuture.supplyAsync(() -> matches(hash, password), executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static boolean matches(PasswordHash hash, byte[] password) {
        try {
            return hash.matches(password);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
