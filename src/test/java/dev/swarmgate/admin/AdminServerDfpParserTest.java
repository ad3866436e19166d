package dev.swarmgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarmgate.config.Destination;
import dev.swarmgate.config.dfp.ServiceParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Optional;

import static dev.swarmgate.admin.AdminFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin API with the real Docker Flow Proxy parser (dfp-compat §1.1 and §2.1). These fail while
 * {@code ServiceParameters} is still a stub and pass once the parser work is merged.
 */
class AdminServerDfpParserTest {

    private static final String RECONFIGURE = "/v1/docker-flow-proxy/reconfigure";

    private AdminFixture admin;

    @BeforeEach
    void start() throws InterruptedException {
        ServiceParameters parser = new ServiceParameters(AdminFixture.settings(Optional.empty()));
        admin = new AdminFixture(parser::parse, Optional.empty(), () -> null);
    }

    @AfterEach
    void stop() {
        admin.close();
    }

    @Test
    void reconfigureWithoutServiceNameIs400Nok() throws Exception {
        HttpResponse<String> response = admin.get(RECONFIGURE + "?servicePath=/demo&port=8080");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("Status").asText()).isEqualTo("NOK");
        assertThat(json(response).get("Message").asText()).contains("serviceName");
    }

    @Test
    void serviceNameWithALineBreakIs400AndNothingIsStored() throws Exception {
        HttpResponse<String> response =
                admin.get(RECONFIGURE + "?serviceName=go-demo%0A01:00:00%20ERROR%20forged&servicePath=/demo&port=8080");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("Status").asText()).isEqualTo("NOK");
        assertThat(json(response).get("Message").asText()).startsWith("serviceName has a control character (U+000A)");
        assertThat(admin.store.services()).isEmpty();
    }

    @Test
    void aTcpServiceWhoseBackendIsItsOwnSrcPortIs400AndNothingIsStored() throws Exception {
        HttpResponse<String> response = admin.get(RECONFIGURE
                + "?serviceName=loop&reqMode=tcp&srcPort=6379&port=6379&outboundHostname=127.0.0.1");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("Message").asText()).startsWith(
                "serviceName loop: the backend 127.0.0.1:6379 is this proxy's own listener on port 6379");
        assertThat(admin.store.services()).isEmpty();
    }

    @Test
    void httpServiceWithoutPathOrDomainIs409() throws Exception {
        HttpResponse<String> response = admin.get(RECONFIGURE + "?serviceName=go-demo&port=8080");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(json(response).get("Status").asText()).isEqualTo("NOK");
        assertThat(admin.store.services()).isEmpty();
    }

    @Test
    void tcpServiceWithoutSrcPortIs400() throws Exception {
        HttpResponse<String> response = admin.get(RECONFIGURE + "?serviceName=db&reqMode=tcp&port=5432");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("Status").asText()).isEqualTo("NOK");
    }

    @Test
    void validReconfigureIsStoredWithItsDestination() throws Exception {
        HttpResponse<String> response = admin.get(RECONFIGURE + "?serviceName=go-demo&servicePath=/demo&port=8080");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("Status").asText()).isEqualTo("OK");
        assertThat(body.get("ServiceName").asText()).isEqualTo("go-demo");
        Destination destination = admin.store.services().get("go-demo").spec().destinations().getFirst();
        assertThat(destination.port()).isEqualTo(8080);
        assertThat(destination.paths()).containsExactly("/demo");
    }

    @Test
    void serviceNameIsMatchedCaseInsensitively() throws Exception {
        HttpResponse<String> response = admin.get(RECONFIGURE + "?servicename=go-demo&servicePath=/demo&port=8080");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(admin.store.services()).containsKey("go-demo");
    }

    @Test
    void zeroReplicasRemovesTheService() throws Exception {
        admin.get(RECONFIGURE + "?serviceName=go-demo&servicePath=/demo&port=8080");

        HttpResponse<String> response =
                admin.get(RECONFIGURE + "?serviceName=go-demo&servicePath=/demo&port=8080&replicas=0");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(admin.store.services()).isEmpty();
    }

    @Test
    void passwordsAreNeitherEchoedNorShownInConfig() throws Exception {
        HttpResponse<String> response =
                admin.get(RECONFIGURE + "?serviceName=go-demo&servicePath=/demo&port=8080&users=admin:t0psecret");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("t0psecret");
        assertThat(admin.get("/v1/docker-flow-proxy/config?type=json").body()).doesNotContain("t0psecret");
    }
}
