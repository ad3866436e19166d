package dev.swarmgate.discovery;

import dev.swarmgate.docker.SwarmService;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The names a listener would notify the marked services under: the route names, routed or not. */
class MarkedServicesTest {

    @Test
    void marksTheRouteNamesOfTheLastListingOnly() {
        MarkedServices marked = new MarkedServices();
        SwarmService shortName = new SwarmService("1", "shop_web", Map.of("com.df.notify", "true",
                "com.df.shortName", "true", "com.docker.stack.namespace", "shop"), 1, SwarmService.Mode.REPLICATED,
                1, "vip", "img");
        SwarmService refused = new SwarmService("2", "api", Map.of("com.df.notify", "true", "com.df.port", "x"), 1,
                SwarmService.Mode.REPLICATED, 1, "vip", "img");

        marked.servicesChanged(List.of(shortName, refused));
        assertThat(List.of("web", "api", "shop_web")).map(marked::contains).containsExactly(true, true, false);

        marked.servicesChanged(List.of(refused));
        assertThat(marked.contains("web")).isFalse();
    }
}
