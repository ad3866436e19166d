package dev.swarmgate.upstream;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RoundRobinTest {

    @Test
    void spreadsEvenlyOverThreeEndpoints() {
        Endpoint[] endpoints = Endpoints.of(3);
        LoadBalancer balancer = new RoundRobin();
        Map<Endpoint, Integer> counts = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            counts.merge(balancer.pick(endpoints, 0), 1, Integer::sum);
        }
        assertThat(counts).containsOnlyKeys(endpoints).allSatisfy((endpoint, count) -> assertThat(count).isEqualTo(1000));
    }
}
