package dev.swarmgate.upstream;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class RingHashTest {

    private static final int KEYS = 10_000;

    @Test
    void oneOfFiveEndpointsLeavingMovesOnlyItsShareOfKeys() {
        Endpoint[] five = Endpoints.of(5);
        Endpoint leaving = five[2];
        Endpoint[] four = Arrays.stream(five).filter(e -> e != leaving).toArray(Endpoint[]::new);
        LoadBalancer balancer = new RingHash();
        Endpoint[] before = new Endpoint[KEYS];
        for (int key = 0; key < KEYS; key++) {
            before[key] = balancer.pick(five, clientHash(key));
        }
        int moved = 0;
        for (int key = 0; key < KEYS; key++) {
            Endpoint after = balancer.pick(four, clientHash(key));
            if (after != before[key]) {
                moved++;
                assertThat(before[key]).as("only keys of the endpoint that left move").isSameAs(leaving);
            }
        }
        assertThat(moved).isLessThanOrEqualTo(KEYS / 5 + KEYS / 20).isGreaterThan(0);
    }

    @Test
    void sameClientSameEndpoint() {
        Endpoint[] endpoints = Endpoints.of(3);
        LoadBalancer balancer = new RingHash();
        long client = clientHash(42);
        Endpoint first = balancer.pick(endpoints, client);
        for (int i = 0; i < 100; i++) {
            assertThat(balancer.pick(endpoints, client)).isSameAs(first);
        }
    }

    /** What Exchange passes: InetAddress.hashCode() of an IPv4 client, i.e. the address as an int. */
    private static long clientHash(int key) {
        return (192 << 24) | (168 << 16) | key;
    }
}
