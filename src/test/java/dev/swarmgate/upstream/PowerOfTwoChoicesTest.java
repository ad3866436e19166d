package dev.swarmgate.upstream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PowerOfTwoChoicesTest {

    @Test
    void sendsClearlyLessToAnEndpointWithMoreOutstanding() {
        Endpoint[] endpoints = Endpoints.of(3);
        Endpoint slow = endpoints[0];
        for (int i = 0; i < 10; i++) {
            slow.started(); // a slowed backend: requests pile up on it
        }
        LoadBalancer balancer = new PowerOfTwoChoices();
        int toSlow = 0;
        int total = 30_000;
        for (int i = 0; i < total; i++) {
            Endpoint picked = balancer.pick(endpoints, 0);
            if (picked == slow) {
                toSlow++;
            }
        }
        // Even spreading would send a third; P2C sends to the loaded one only when both choices are it: never.
        assertThat(toSlow).isLessThan(total / 10);
    }

    @Test
    void neverPicksTheSameEndpointTwiceInOneChoiceSoTheIdleOneWinsAgainstTheBusyOne() {
        Endpoint[] endpoints = Endpoints.of(2);
        endpoints[1].started();
        LoadBalancer balancer = new PowerOfTwoChoices();
        for (int i = 0; i < 1000; i++) {
            assertThat(balancer.pick(endpoints, 0)).isSameAs(endpoints[0]);
        }
    }
}
