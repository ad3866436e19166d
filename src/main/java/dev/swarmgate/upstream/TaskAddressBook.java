package dev.swarmgate.upstream;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Task addresses as the swarm reports them, answering {@code tasks.<service>} lookups for the services it knows
 * and passing every other name to DNS. The book is authoritative for what it holds: a known service with no
 * running task resolves to no address at all (its route answers 503 at once), where DNS would keep answering for a
 * stopping task. Each {@link #replace} tells a listener which names changed, so their endpoint groups are refreshed
 * right then instead of at the next periodic resolution.
 */
public final class TaskAddressBook implements AddressResolver {

    private static final String TASKS_PREFIX = "tasks.";

    private final AddressResolver dns;
    private volatile Map<String, List<InetAddress>> byService = Map.of();
    private volatile Consumer<Set<String>> onChange = names -> { };

    public TaskAddressBook(AddressResolver dns) {
        this.dns = dns;
    }

    /** Who hears which service names changed addresses (the endpoint groups, to resolve those names again). */
    public void onChange(Consumer<Set<String>> listener) {
        onChange = listener;
    }

    /** Replaces every known service's running task addresses; names missing from the map fall back to DNS. */
    public void replace(Map<String, List<InetAddress>> addressesByService) {
        Map<String, List<InetAddress>> previous = byService;
        Map<String, List<InetAddress>> next = Map.copyOf(addressesByService);
        byService = next;
        Set<String> changed = new HashSet<>();
        next.forEach((name, addresses) -> {
            if (!addresses.equals(previous.get(name))) {
                changed.add(name);
            }
        });
        previous.keySet().forEach(name -> {
            if (!next.containsKey(name)) {
                changed.add(name);
            }
        });
        if (!changed.isEmpty()) {
            onChange.accept(Set.copyOf(changed));
        }
    }

    /** The addresses the book holds for a service, or empty when it leaves that service to DNS. */
    public List<InetAddress> addresses(String service) {
        return byService.getOrDefault(service, List.of());
    }

    @Override
    public CompletableFuture<List<InetAddress>> resolve(String host) {
        if (host.startsWith(TASKS_PREFIX)) {
            List<InetAddress> known = byService.get(host.substring(TASKS_PREFIX.length()));
            if (known != null) {
                return CompletableFuture.completedFuture(known);
            }
        }
        return dns.resolve(host);
    }
}
