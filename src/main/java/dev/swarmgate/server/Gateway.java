package dev.swarmgate.server;

import dev.swarmgate.routing.Snapshot;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Stub: the data-plane runtime. Replaced by the data-plane work. */
public final class Gateway implements AutoCloseable {

    public Gateway(Optional<Path> errorPagesDir) {
    }

    /** Swaps in a snapshot: binds new ports, drains ports no longer wanted; completes when new ports are bound. */
    public CompletableFuture<Void> apply(Snapshot snapshot) {
        return CompletableFuture.completedFuture(null);
    }

    /** The snapshot new connections and requests use. */
    public Snapshot current() {
        return null;
    }

    /** Ports with a bound listener right now. */
    public Set<Integer> boundPorts() {
        return Set.of();
    }

    @Override
    public void close() {
    }
}
