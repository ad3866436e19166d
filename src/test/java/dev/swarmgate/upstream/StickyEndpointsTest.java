package dev.swarmgate.upstream;

import dev.swarmgate.config.BackendTarget;
import dev.swarmgate.config.BalanceAlgorithm;
import dev.swarmgate.config.EndpointDiscovery;
import dev.swarmgate.config.HealthCheck;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class StickyEndpointsTest {

    @Test
    void idIsTheDocumentedPrefixOfSha256OfServiceAndAddress() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest("go-demo|10.0.0.1:8080".getBytes(StandardCharsets.UTF_8));
        assertThat(StickyEndpoints.id("go-demo", "10.0.0.1:8080"))
                .isEqualTo(HexFormat.of().formatHex(digest).substring(0, 16));
    }

    @Test
    void idDoesNotShowTheAddress() {
        String id = StickyEndpoints.id("go-demo", "10.0.0.1:8080");
        assertThat(id).matches("[0-9a-f]{16}").doesNotContain("10.0.0.1").doesNotContain("8080");
    }

    @Test
    void twoInstancesWithTheSameAddressesAgreeOnEveryId() {
        StickyEndpoints one = new StickyEndpoints("go-demo", Endpoints.of(3));
        Endpoint[] otherReplica = Endpoints.of(3);
        StickyEndpoints other = new StickyEndpoints("go-demo", otherReplica);
        for (Endpoint endpoint : otherReplica) {
            assertThat(one.endpoint(other.idOf(endpoint)).key()).isEqualTo(endpoint.key());
        }
    }

    @Test
    void idsDifferBetweenEndpointsAndBetweenServices() {
        assertThat(StickyEndpoints.id("go-demo", "10.0.0.1:8080"))
                .isNotEqualTo(StickyEndpoints.id("go-demo", "10.0.0.2:8080"))
                .isNotEqualTo(StickyEndpoints.id("other", "10.0.0.1:8080"));
    }

    @Test
    void lookupFindsTheEndpointOfAnIdAndNothingForAnUnknownId() {
        Endpoint[] endpoints = Endpoints.of(3);
        StickyEndpoints sticky = new StickyEndpoints("go-demo", endpoints);
        assertThat(sticky.endpoint(sticky.idOf(endpoints[1]))).isSameAs(endpoints[1]);
        assertThat(sticky.endpoint("go-demo_0")).isNull();
        assertThat(sticky.idOf(Endpoints.at(9))).isNull();
    }

    @Test
    void groupKeepsThePreferredEndpointWhilePickableAndMovesAfterAConnectFailure() throws Exception {
        EndpointGroup group = threeEndpointGroup();
        Endpoint pinned = group.endpointList().get(1);
        for (int i = 0; i < 20; i++) {
            assertThat(group.pick(0, pinned)).isSameAs(pinned);
        }
        group.reportConnectFailure(pinned);
        for (int i = 0; i < 20; i++) {
            assertThat(group.pick(0, pinned)).isNotSameAs(pinned).isNotNull();
        }
    }

    @Test
    void groupRebuildsIdsOnlyWhenItsEndpointsChange() throws Exception {
        EndpointGroup group = threeEndpointGroup();
        StickyEndpoints first = group.sticky("go-demo");
        assertThat(group.sticky("go-demo")).isSameAs(first);
        assertThat(first.idOf(group.endpointList().get(0)))
                .isEqualTo(StickyEndpoints.id("go-demo", group.endpointList().get(0).key()));
    }

    private static EndpointGroup threeEndpointGroup() throws Exception {
        List<InetAddress> addresses = List.of(InetAddress.getByName("10.0.0.1"), InetAddress.getByName("10.0.0.2"),
                InetAddress.getByName("10.0.0.3"));
        EndpointGroup group = new EndpointGroup(new BackendTarget("go-demo", 8080, EndpointDiscovery.NAME,
                BalanceAlgorithm.ROUND_ROBIN, new HealthCheck(false, Optional.empty(), Duration.ofSeconds(5),
                Duration.ofSeconds(2), 3, 3)), host -> CompletableFuture.completedFuture(addresses));
        group.whenResolved().get(5, TimeUnit.SECONDS);
        return group;
    }
}
