package dev.swarmgate.upstream;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.Security;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Resolves names with the system resolver (hosts file, then Docker's embedded DNS) on a small pool of daemon
 * threads, never on an event loop. The JVM's own positive cache is shortened so that a re-resolution really asks
 * DNS: Swarm task addresses change as tasks come and go.
 */
public final class SystemDnsResolver implements AddressResolver, AutoCloseable {

    private final ExecutorService executor;

    public SystemDnsResolver() {
        Security.setProperty("networkaddress.cache.ttl", "1");
        Security.setProperty("networkaddress.cache.negative.ttl", "1");
        this.executor = Executors.newFixedThreadPool(2, Thread.ofPlatform().daemon().name("dns-", 0).factory());
    }

    @Override
    public CompletableFuture<List<InetAddress>> resolve(String host) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return List.of(InetAddress.getAllByName(host));
            } catch (UnknownHostException e) {
                throw new UnresolvableHostException(host, e);
            }
        }, executor);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
