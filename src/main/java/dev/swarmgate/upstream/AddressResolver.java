package dev.swarmgate.upstream;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Turns a backend host name into addresses without blocking the caller. */
public interface AddressResolver {

    /** Completes with every address of the host (never empty), or exceptionally when it cannot be resolved. */
    CompletableFuture<List<InetAddress>> resolve(String host);
}
