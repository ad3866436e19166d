package dev.swarmgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /v1/swarmgate/version}: replicas that serve the same services show the same fingerprint. */
class ReplicaVersionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void sameServicesInAnyOrderGiveTheSameFingerprintAndAnyDifferenceChangesIt() throws Exception {
        try (GatewayUnderTest one = GatewayUnderTest.start(); GatewayUnderTest two = GatewayUnderTest.start()) {
            one.route("a", 8080, "servicePath=/a");
            one.route("b", 8080, "servicePath=/b");
            two.route("x", 8080, "servicePath=/x");
            two.route("b", 8080, "servicePath=/b");
            two.remove("x");
            two.route("a", 8080, "servicePath=/a");

            JsonNode first = version(one);
            JsonNode second = version(two);

            assertThat(first.path("fingerprint").asText()).hasSize(16)
                    .isEqualTo(second.path("fingerprint").asText());
            assertThat(first.path("services").asInt()).isEqualTo(2);
            assertThat(first.path("version").asLong()).isNotEqualTo(second.path("version").asLong());

            two.route("a", 8080, "servicePath=/a2");
            assertThat(version(two).path("fingerprint").asText()).isNotEqualTo(first.path("fingerprint").asText());
        }
    }

    private static JsonNode version(GatewayUnderTest gateway) throws Exception {
        GatewayUnderTest.Reply reply = gateway.admin("/v1/swarmgate/version");
        assertThat(reply.status()).isEqualTo(200);
        return JSON.readTree(reply.body());
    }
}
