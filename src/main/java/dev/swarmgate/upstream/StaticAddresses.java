package dev.swarmgate.upstream;

import dev.swarmgate.config.HostPort;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Resolves an {@link dev.swarmgate.config.EndpointDiscovery#STATIC} target's fixed list
 * ({@code host:port,host:port,...}): every address of every name, each on its own entry's port, in list order
 * without duplicates. Names that do not resolve are left out while at least one resolves, so one bad backend never
 * takes the others down; the whole list fails only when none resolves.
 */
final class StaticAddresses {

    private StaticAddresses() {
    }

    static CompletableFuture<List<InetSocketAddress>> resolve(String list, AddressResolver resolver) {
        List<HostPort> entries = HostPort.parseList(list);
        List<CompletableFuture<List<InetSocketAddress>>> parts = new ArrayList<>(entries.size());
        for (HostPort entry : entries) {
            String host = entry.host().isEmpty() ? "localhost" : entry.host();
            parts.add(resolver.resolve(host).thenApply(addresses -> withPort(addresses, entry.port()))
                    .exceptionally(failure -> List.of()));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenCompose(done -> {
            Set<InetSocketAddress> all = new LinkedHashSet<>();
            parts.forEach(part -> all.addAll(part.join()));
            return all.isEmpty()
                    ? CompletableFuture.failedFuture(new UnresolvableHostException(list,
                            new java.net.UnknownHostException("none of " + list + " resolves")))
                    : CompletableFuture.completedFuture(List.copyOf(all));
        });
    }

    static List<InetSocketAddress> withPort(List<InetAddress> addresses, int port) {
        List<InetSocketAddress> result = new ArrayList<>(addresses.size());
        for (InetAddress address : addresses) {
            result.add(new InetSocketAddress(address, port));
        }
        return result;
    }
}
