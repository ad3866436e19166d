package dev.swarmgate.upstream;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Turns a backend host name into addresses without blocking the caller. */
public interface AddressResolver {

    /**
     * Completes with every address of the host, or exceptionally when it cannot be resolved. Empty only from a
     * resolver that knows for certain the host has no address right now (a service with no running task).
     */
    CompletableFuture<List<InetAddress>> resolve(String host);
}
