package dev.swarmgate.store;

import org.junit.jupiter.api.Test;

import java.util.SortedMap;
import java.util.TreeMap;

import static dev.swarmgate.store.StoreFixtures.service;
import static org.assertj.core.api.Assertions.assertThat;

class ConfigChangeTest {

    @Test
    void namesAddedChangedWithTheParametersThatDifferAndRemovedServices() {
        SortedMap<String, StoredService> before = new TreeMap<>();
        before.put("api", service("api", "/api", 80, Source.SWARM));
        before.put("web", service("web", "/web", 80, Source.SWARM));
        before.put("same", service("same", "/same", 80, Source.SWARM));
        SortedMap<String, StoredService> after = new TreeMap<>();
        after.put("api", service("api", "/v2", 80, Source.SWARM));
        after.put("go-demo", service("go-demo", "/demo", 8080, Source.SWARM));
        after.put("same", service("same", "/same", 80, Source.API));

        ConfigChange change = ConfigChange.between(before, after);

        assertThat(change.toString()).isEqualTo("added go-demo; changed api (servicePath); removed web");
    }

    @Test
    void noDifferenceSaysSo() {
        SortedMap<String, StoredService> same = new TreeMap<>();
        same.put("api", service("api", "/api", 80, Source.SWARM));

        assertThat(ConfigChange.between(same, same).isEmpty()).isTrue();
        assertThat(ConfigChange.between(same, same)).hasToString("no service changed");
    }
}
