package dev.swarmgate.admin;

import dev.swarmgate.config.dfp.ServiceParameters;
import dev.swarmgate.config.dfp.ServiceRequest;
import dev.swarmgate.store.Source;
import dev.swarmgate.store.StoredService;
import dev.swarmgate.testing.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.swarmgate.admin.AdminFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A listener's notifications reaching a proxy that routes the same services from the swarm's labels: acknowledged
 * with 200 and not applied, so the service keeps its swarm source, with one WARN that says the listener is redundant.
 */
class RedundantNotificationsTest {

    private static final String DFP = "/v1/docker-flow-proxy/";
    private final ServiceParameters parser = new ServiceParameters(AdminFixture.settings(Optional.empty()));
    private AdminFixture admin;

    @BeforeEach
    void start() throws Exception {
        admin = new AdminFixture(parser::parse, Optional.empty(), () -> null);
        Map<String, List<String>> labels = Map.of("serviceName", List.of("go-demo"), "servicePath", List.of("/demo"),
                "port", List.of("8080"), "replicas", List.of("1"), "distribute", List.of("true"));
        ServiceRequest request = parser.parse(labels);
        admin.store.replaceSource(Source.SWARM, List.of(new StoredService(request.spec().orElseThrow(), labels,
                Source.SWARM))).get();
    }

    @AfterEach
    void stop() {
        admin.close();
    }

    @Test
    void aListenersReconfigureAndRemoveForASwarmRoutedServiceAre200AndChangeNothingWithOneWarning() throws Exception {
        try (LogCapture log = LogCapture.of(RedundantNotifications.class)) {
            HttpResponse<String> reconfigure = admin.get(DFP + "reconfigure?distribute=true&port=8080&replicas=1"
                    + "&serviceName=go-demo&servicePath=%2Fother");
            HttpResponse<String> again = admin.get(DFP + "reconfigure?distribute=true&port=8080&replicas=1"
                    + "&serviceName=go-demo&servicePath=%2Fother");
            HttpResponse<String> remove = admin.get(DFP + "remove?distribute=true&serviceName=go-demo");

            assertThat(List.of(reconfigure.statusCode(), again.statusCode(), remove.statusCode()))
                    .containsOnly(200);
            assertThat(json(reconfigure).get("Status").asText()).isEqualTo("OK");
            assertThat(json(reconfigure).get("Message").asText()).isEqualTo("serviceName go-demo is routed from its"
                    + " swarm labels, which this proxy reads itself (Swarm discovery), so this reconfigure changed"
                    + " nothing; change the service's com.df.* labels instead");
            StoredService held = admin.store.services().get("go-demo");
            assertThat(held.source()).isEqualTo(Source.SWARM);
            assertThat(held.parameters()).containsEntry("servicePath", List.of("/demo"));
            assertThat(log.lines()).filteredOn(line -> line.contains("ignored: this proxy reads the swarm itself"))
                    .singleElement().asString()
                    .startsWith("reconfigure serviceName=go-demo ignored: this proxy reads the swarm itself (Swarm"
                            + " discovery is on) and knows go-demo from its com.df.* labels.")
                    .contains("remove the DF_NOTIFY_CREATE_SERVICE_URL and DF_NOTIFY_REMOVE_SERVICE_URL entries",
                            "with LISTENER_ADDRESS and without the Docker socket");
            assertThat(log.lines()).contains(
                    "reconfigure serviceName=go-demo not applied: it is routed from its swarm labels",
                    "remove serviceName=go-demo not applied: it is routed from its swarm labels");
        }
    }

    @Test
    void aNotificationAboutAMarkedSwarmServiceTheProxyDoesNotRouteIsAlso200AndChangesNothing() {
        // Labels the swarm source refused: the listener's copy would be a 400, retried every 5 s 50 times.
        RedundantNotifications redundant = new RedundantNotifications(admin.store, "broken"::equals);

        Optional<dev.swarmgate.httpapi.ApiReply> reply = redundant.acknowledge("reconfigure", "broken");

        assertThat(reply).hasValueSatisfying(answer -> {
            assertThat(answer.status()).isEqualTo(200);
            assertThat(new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8)).contains(
                    "serviceName broken is a swarm service whose labels this proxy reads itself (Swarm discovery)"
                            + " and does not route (its log says why), so this reconfigure changed nothing");
        });
        assertThat(redundant.acknowledge("reconfigure", "api")).isEmpty();
        assertThat(admin.store.services()).doesNotContainKey("broken");
    }

    @Test
    void aReconfigureForAServiceTheSwarmDoesNotRouteIsAppliedAsBefore() throws Exception {
        HttpResponse<String> response = admin.get(DFP + "reconfigure?serviceName=api&servicePath=/api&port=8080");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(admin.store.services().get("api").source()).isEqualTo(Source.API);
    }
}
