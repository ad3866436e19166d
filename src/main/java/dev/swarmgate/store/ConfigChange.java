package dev.swarmgate.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * What one publication changed, by service name: the services added, those changed (with the parameters whose
 * values differ, so a log reader sees {@code changed api (servicePath)}) and those removed. A service counts as
 * changed when what it serves changed; a change of bookkeeping alone (where it came from) does not.
 */
public record ConfigChange(List<String> added, List<Changed> changed, List<String> removed) {

    /** A service that serves something different, and the parameters that differ (empty when none do). */
    public record Changed(String service, List<String> parameters) {

        public Changed {
            parameters = List.copyOf(parameters);
        }

        @Override
        public String toString() {
            return parameters.isEmpty() ? service : service + " (" + String.join(", ", parameters) + ")";
        }
    }

    public ConfigChange {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
    }

    public static ConfigChange between(SortedMap<String, StoredService> before,
                                       SortedMap<String, StoredService> after) {
        List<String> added = new ArrayList<>();
        List<Changed> changed = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        after.forEach((name, service) -> {
            StoredService previous = before.get(name);
            if (previous == null) {
                added.add(name);
            } else if (previous != service && !previous.spec().equals(service.spec())) {
                changed.add(new Changed(name, differingParameters(previous.parameters(), service.parameters())));
            }
        });
        before.keySet().stream().filter(name -> !after.containsKey(name)).forEach(removed::add);
        return new ConfigChange(added, changed, removed);
    }

    private static List<String> differingParameters(Map<String, List<String>> before,
                                                    Map<String, List<String>> after) {
        TreeSet<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        return names.stream().filter(name -> !Objects.equals(before.get(name), after.get(name))).toList();
    }

    public boolean isEmpty() {
        return added.isEmpty() && changed.isEmpty() && removed.isEmpty();
    }

    /** {@code added go-demo; changed api (servicePath); removed web}, or {@code no service changed}. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (!added.isEmpty()) {
            parts.add("added " + String.join(", ", added));
        }
        if (!changed.isEmpty()) {
            parts.add("changed " + String.join(", ", changed.stream().map(Changed::toString).toList()));
        }
        if (!removed.isEmpty()) {
            parts.add("removed " + String.join(", ", removed));
        }
        return parts.isEmpty() ? "no service changed" : String.join("; ", parts);
    }
}
