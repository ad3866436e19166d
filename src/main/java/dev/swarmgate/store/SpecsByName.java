package dev.swarmgate.store;

import dev.swarmgate.config.ServiceSpec;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * The specs of stored services by name, as a read-only view of them: nothing is copied. A publication copies it once,
 * in name order ({@code GatewayConfig} makes a {@code TreeMap} of it, which takes a sorted map in linear time);
 * building a {@code TreeMap} entry by entry first was 11 % of a reconfigure at 10,000 services (docs/benchmarks.md,
 * "Issue 11: 10,000 services on a quiet machine").
 */
final class SpecsByName extends AbstractMap<String, ServiceSpec> implements SortedMap<String, ServiceSpec> {

    private final SortedMap<String, StoredService> services;

    SpecsByName(SortedMap<String, StoredService> services) {
        this.services = services;
    }

    @Override
    public Set<Entry<String, ServiceSpec>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, ServiceSpec>> iterator() {
                Iterator<Entry<String, StoredService>> stored = services.entrySet().iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return stored.hasNext();
                    }

                    @Override
                    public Entry<String, ServiceSpec> next() {
                        Entry<String, StoredService> entry = stored.next();
                        return Map.entry(entry.getKey(), entry.getValue().spec());
                    }
                };
            }

            @Override
            public int size() {
                return services.size();
            }
        };
    }

    @Override
    public int size() {
        return services.size();
    }

    @Override
    public boolean containsKey(Object name) {
        return services.containsKey(name);
    }

    @Override
    public ServiceSpec get(Object name) {
        StoredService service = services.get(name);
        return service == null ? null : service.spec();
    }

    @Override
    public Comparator<? super String> comparator() {
        return services.comparator();
    }

    @Override
    public SortedMap<String, ServiceSpec> subMap(String fromName, String toName) {
        return new SpecsByName(services.subMap(fromName, toName));
    }

    @Override
    public SortedMap<String, ServiceSpec> headMap(String toName) {
        return new SpecsByName(services.headMap(toName));
    }

    @Override
    public SortedMap<String, ServiceSpec> tailMap(String fromName) {
        return new SpecsByName(services.tailMap(fromName));
    }

    @Override
    public String firstKey() {
        return services.firstKey();
    }

    @Override
    public String lastKey() {
        return services.lastKey();
    }
}
