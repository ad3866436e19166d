package dev.swarmgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code /v1/swarmgate/endpoints}: the addresses behind each service's backends, with their health. */
class EndpointsReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void listsEachServiceBackendAndItsResolvedAddresses() throws Exception {
        try (RecordingBackend backend = RecordingBackend.start(); GatewayUnderTest gateway = GatewayUnderTest.start()) {
            gateway.route("web", backend.port(), "servicePath=/web");

            await().untilAsserted(() -> {
                JsonNode report = JSON.readTree(gateway.admin("/v1/swarmgate/endpoints").body());
                JsonNode web = report.path("web").path(0);
                assertThat(web.path("backend").asText()).isEqualTo("127.0.0.1:" + backend.port());
                assertThat(web.path("endpoints").path(0).path("address").asText())
                        .isEqualTo("127.0.0.1:" + backend.port());
                assertThat(web.path("endpoints").path(0).path("healthy").asBoolean()).isTrue();
            });
        }
    }
}
