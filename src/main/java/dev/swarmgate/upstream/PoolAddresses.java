package dev.swarmgate.upstream;

import dev.swarmgate.config.BackendTarget;

import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Resolves a {@link dev.swarmgate.config.EndpointDiscovery#GROUP} target (a {@code serviceGroup} pool): every member
 * resolved by its own discovery ({@code tasks.<service>}, an {@code outboundHostname}, ...) on its own port, the
 * union in member order without duplicates. A member that does not resolve is left out while another one does, so one
 * service that is gone never takes the pool down; the pool fails only when no member resolves.
 */
final class PoolAddresses {

    private PoolAddresses() {
    }

    static CompletableFuture<List<InetSocketAddress>> resolve(BackendTarget pool, AddressResolver resolver) {
        List<CompletableFuture<List<InetSocketAddress>>> parts = new ArrayList<>(pool.members().size());
        for (BackendTarget member : pool.members()) {
            parts.add(EndpointGroup.resolve(member, resolver).exceptionally(failure -> List.of()));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenCompose(done -> {
            Set<InetSocketAddress> all = new LinkedHashSet<>();
            parts.forEach(part -> all.addAll(part.join()));
            return all.isEmpty()
                    ? CompletableFuture.failedFuture(new UnresolvableHostException(pool.toString(),
                            new UnknownHostException("no member of " + pool + " resolves")))
                    : CompletableFuture.completedFuture(List.copyOf(all));
        });
    }
}
