package dev.swarmgate.store;

import dev.swarmgate.config.ServiceSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class SpecsByNameTest {

    private final TreeMap<String, StoredService> stored = new TreeMap<>();
    private final TreeMap<String, ServiceSpec> copied = new TreeMap<>();

    SpecsByNameTest() {
        for (String name : List.of("b", "a", "d", "c")) {
            StoredService service = StoreFixtures.service(name, "/" + name, 8080, Source.API);
            stored.put(name, service);
            copied.put(name, service.spec());
        }
    }

    @Test
    void isTheMapOfEachServicesSpecInNameOrder() {
        SpecsByName view = new SpecsByName(stored);

        assertThat(view).isEqualTo(copied);
        assertThat(copied).isEqualTo(view);
        assertThat(view.hashCode()).isEqualTo(copied.hashCode());
        assertThat(view.keySet()).containsExactly("a", "b", "c", "d");
        assertThat(view.get("c")).isSameAs(stored.get("c").spec());
        assertThat(view.get("x")).isNull();
        assertThat(view.containsKey("a")).isTrue();
        assertThat(view.firstKey()).isEqualTo("a");
        assertThat(view.lastKey()).isEqualTo("d");
    }

    @Test
    void itsRangesAreViewsToo() {
        SpecsByName view = new SpecsByName(stored);

        assertThat(view.subMap("b", "d")).isEqualTo(copied.subMap("b", "d"));
        assertThat(view.headMap("c")).isEqualTo(copied.headMap("c"));
        assertThat(view.tailMap("c")).isEqualTo(copied.tailMap("c"));
    }

    @Test
    void followsTheServicesItViewsAndACopyDoesNot() {
        SpecsByName view = new SpecsByName(stored);
        SortedMap<String, ServiceSpec> copy = new TreeMap<>(view);

        stored.remove("a");

        assertThat(view).doesNotContainKey("a").hasSize(3);
        assertThat(copy).containsKey("a").hasSize(4);
        assertThat(copy.keySet()).containsExactly("a", "b", "c", "d");
    }
}
