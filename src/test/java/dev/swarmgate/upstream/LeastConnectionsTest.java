package dev.swarmgate.upstream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LeastConnectionsTest {

    @Test
    void picksTheLeastLoadedEndpoint() {
        Endpoint[] endpoints = Endpoints.of(4);
        int[] load = {5, 2, 7, 3};
        for (int i = 0; i < endpoints.length; i++) {
            for (int j = 0; j < load[i]; j++) {
                endpoints[i].started();
            }
        }
        LoadBalancer balancer = new LeastConnections();
        for (int i = 0; i < 100; i++) {
            assertThat(balancer.pick(endpoints, 0)).isSameAs(endpoints[1]);
        }
    }

    @Test
    void spreadsTiesInsteadOfPilingOntoTheFirst() {
        Endpoint[] endpoints = Endpoints.of(3);
        LoadBalancer balancer = new LeastConnections();
        assertThat(java.util.stream.IntStream.range(0, 3).mapToObj(i -> balancer.pick(endpoints, 0)))
                .containsExactlyInAnyOrder(endpoints);
    }
}
