package dev.swarmgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarmgate.config.ListenerSpec;
import dev.swarmgate.config.Timeouts;
import dev.swarmgate.routing.RouteTable;
import dev.swarmgate.routing.Snapshot;
import dev.swarmgate.testing.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.swarmgate.admin.AdminFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The admin endpoints over real HTTP, with a stand-in parser so they do not depend on the DFP parser's progress. */
class AdminServerTest {

    private static final String DFP = "/v1/docker-flow-proxy";

    @TempDir
    Path stateDir;

    private AdminFixture admin;

    @BeforeEach
    void start() throws InterruptedException {
        admin = new AdminFixture(new FakeParser(), Optional.of(stateDir), this::activeSnapshot);
    }

    @AfterEach
    void stop() {
        admin.close();
    }

    private Snapshot activeSnapshot() {
        return new Snapshot(admin.store.current().version(), Map.of(80, RouteTable.EMPTY),
                List.of(new ListenerSpec(80, false, false), new ListenerSpec(443, true, true)), Set.of(),
                Timeouts.dfpDefaults());
    }

    @Test
    void reconfigureAnswersOkWithTheServiceNameOnceTheServiceIsInTheStore() throws Exception {
        HttpResponse<String> response = admin.get(DFP + "/reconfigure?serviceName=go-demo&servicePath=/demo&port=8080");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = json(response);
        assertThat(body.get("Status").asText()).isEqualTo("OK");
        assertThat(body.get("ServiceName").asText()).isEqualTo("go-demo");
        assertThat(body.has("Message")).isTrue();
        assertThat(body.has("Unsupported")).isFalse();
        assertThat(admin.store.services()).containsKey("go-demo");
        assertThat(Files.readString(stateDir.resolve("services.json"))).contains("go-demo");
    }

    @Test
    void reconfigureAnswersOnlyAfterTheNewConfigurationIsLive() throws Exception {
        CompletableFuture<Void> gatewayBound = new CompletableFuture<>();
        admin.store.subscribe(published -> gatewayBound);
        try (ExecutorService caller = Executors.newSingleThreadExecutor()) {
            Future<HttpResponse<String>> response =
                    caller.submit(() -> admin.get(DFP + "/reconfigure?serviceName=a&servicePath=/a&port=1"));

            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(3)).until(() -> !response.isDone());
            assertThat(admin.get(DFP + "/ping").statusCode())
                    .as("the event loop stays free while a change is pending").isEqualTo(200);
            gatewayBound.complete(null);

            assertThat(response.get().statusCode()).isEqualTo(200);
        }
    }

    @Test
    void reconfigureRejectionKeepsTheParserStatusAndMessage() throws Exception {
        HttpResponse<String> missingName = admin.get(DFP + "/reconfigure?servicePath=/demo&port=8080");
        HttpResponse<String> missingPath = admin.get(DFP + "/reconfigure?serviceName=go-demo&port=8080");

        assertThat(missingName.statusCode()).isEqualTo(400);
        assertThat(json(missingName).get("Status").asText()).isEqualTo("NOK");
        assertThat(json(missingName).get("Message").asText()).isEqualTo("serviceName parameter is mandatory.");
        assertThat(missingPath.statusCode()).isEqualTo(409);
        assertThat(json(missingPath).get("ServiceName").asText()).isEqualTo("go-demo");
        assertThat(admin.store.services()).isEmpty();
    }

    @Test
    void malformedEscapeIsA400NamingTheParameterWithoutEchoingAnyValue() throws Exception {
        try (LogCapture log = LogCapture.all()) {
            AdminFixture.RawAnswer answer =
                    admin.getRaw(DFP + "/reconfigure?serviceName=x&users=admin:S3cretPW9&x=%ZZ");

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.json().get("Status").asText()).isEqualTo("NOK");
            assertThat(answer.json().get("Message").asText()).contains("query parameter x: malformed %-escape '%ZZ'");
            assertThat(answer.body()).doesNotContain("S3cretPW9").doesNotContain("users");
            assertThat(log.lines()).isNotEmpty()
                    .noneMatch(line -> line.contains("S3cretPW9") || line.contains("users=") || line.contains("%ZZ&"));
            assertThat(admin.store.services()).isEmpty();
        }
    }

    @Test
    void malformedEscapeInAParameterNameOrThePathIsA400Too() {
        AdminFixture.RawAnswer inName = admin.getRaw(DFP + "/reconfigure?serviceName=x&pass%G1word=hunter2");
        AdminFixture.RawAnswer unterminated = admin.getRaw(DFP + "/config?serviceName=x&users=admin:hunter2%4");
        AdminFixture.RawAnswer inPath = admin.getRaw(DFP + "/recon%Zfigure?users=admin:hunter2");

        assertThat(inName.status()).isEqualTo(400);
        assertThat(inName.body()).contains("malformed %-escape '%G1'").doesNotContain("hunter2");
        assertThat(unterminated.status()).isEqualTo(400);
        assertThat(unterminated.body()).contains("query parameter users: malformed %-escape '%4'")
                .doesNotContain("hunter2");
        assertThat(inPath.status()).isEqualTo(400);
        assertThat(inPath.body()).contains("path: malformed %-escape '%Zf'").doesNotContain("hunter2");
    }

    @Test
    void rejectedChangeLeavesThePreviousVersionServing() throws Exception {
        admin.get(DFP + "/reconfigure?serviceName=go-demo&servicePath=/demo&port=8080");

        admin.get(DFP + "/reconfigure?serviceName=go-demo&port=9090");

        assertThat(admin.store.services().get("go-demo").spec().destinations().getFirst().port()).isEqualTo(8080);
    }

    @Test
    void reconfigureListsUnsupportedParameters() throws Exception {
        HttpResponse<String> response =
                admin.get(DFP + "/reconfigure?serviceName=a&servicePath=/a&port=1&sslVerifyNone=true");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("Unsupported").get(0).asText()).startsWith("sslVerifyNone is ignored");
    }

    @Test
    void reconfigureWithZeroReplicasRemovesTheService() throws Exception {
        admin.get(DFP + "/reconfigure?serviceName=a&servicePath=/a&port=1");

        HttpResponse<String> response = admin.get(DFP + "/reconfigure?serviceName=a&servicePath=/a&port=1&replicas=0");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(admin.store.services()).doesNotContainKey("a");
    }

    @Test
    void distributeReachesEveryReplicaThisOneIncludedAndAnswersDfpsMessage() throws Exception {
        HttpResponse<String> response =
                admin.get(DFP + "/reconfigure?serviceName=a&servicePath=/a&port=1&distribute=true");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("Message").asText()).isEqualTo("Distributed to all instances");
        assertThat(admin.store.services()).containsKey("a");

        HttpResponse<String> removed = admin.get(DFP + "/remove?serviceName=a&distribute=true");

        assertThat(removed.statusCode()).isEqualTo(200);
        assertThat(json(removed).get("Message").asText()).isEqualTo("Distributed to all instances");
        assertThat(admin.store.services()).doesNotContainKey("a");
    }

    @Test
    void everyMethodIsAccepted() throws Exception {
        assertThat(admin.send("POST", DFP + "/reconfigure?serviceName=a&servicePath=/a&port=1").statusCode())
                .isEqualTo(200);
        assertThat(admin.send("DELETE", DFP + "/remove?serviceName=a").statusCode()).isEqualTo(200);
        assertThat(admin.store.services()).isEmpty();
    }

    @Test
    void removeWithoutServiceNameIsABadRequest() throws Exception {
        HttpResponse<String> response = admin.get(DFP + "/remove");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("Status").asText()).isEqualTo("NOK");
        assertThat(json(response).get("Message").asText()).isEqualTo("The serviceName query is mandatory");
    }

    @Test
    void removeOfANameWithAControlCharacterIsABadRequest() throws Exception {
        HttpResponse<String> response = admin.get(DFP + "/remove?serviceName=a%0D%0Aforged");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("Message").asText())
                .startsWith("serviceName has a control character (U+000D) at position 2").doesNotContain("forged");
    }

    @Test
    void removeOfAnUnknownServiceStillAnswersOk() throws Exception {
        HttpResponse<String> response = admin.get(DFP + "/remove?serviceName=nobody");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("Status").asText()).isEqualTo("OK");
        assertThat(json(response).get("ServiceName").asText()).isEqualTo("nobody");
    }

    @Test
    void removeTakesTheServiceOutOfTheStoreAndTheStateFile() throws Exception {
        admin.get(DFP + "/reconfigure?serviceName=a&servicePath=/a&port=1");

        assertThat(admin.get(DFP + "/remove?serviceName=a").statusCode()).isEqualTo(200);

        assertThat(admin.store.services()).isEmpty();
        assertThat(admin.store.loadPersisted()).isEmpty();
    }

    @Test
    void reloadWithRecreatePublishesANewVersion() throws Exception {
        admin.get(DFP + "/reconfigure?serviceName=a&servicePath=/a&port=1");
        long before = admin.store.current().version();

        HttpResponse<String> response = admin.get(DFP + "/reload?recreate=true");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(admin.store.current().version()).isEqualTo(before + 1);
        assertThat(admin.store.current().config().services()).containsKey("a");
    }

    @Test
    void reloadFailureAnswers500WithStatusNok() throws Exception {
        admin.store.subscribe(published -> CompletableFuture.failedFuture(new IllegalStateException("bind failed")));

        HttpResponse<String> response = admin.get(DFP + "/reload?recreate=true");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(json(response).get("Status").asText()).isEqualTo("NOK");
        assertThat(json(response).get("Message").asText()).contains("bind failed");
    }

    @Test
    void reloadFromListenerWithoutListenerAddressSaysNoListenerWasAsked() throws Exception {
        HttpResponse<String> response = admin.get(DFP + "/reload?fromListener=true");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("Message").asText())
                .isEqualTo("LISTENER_ADDRESS is not set, so no Swarm listener was asked to resend its services");
    }

    @Test
    void configAsJsonListsParametersWithCredentialsMasked() throws Exception {
        admin.get(DFP + "/reconfigure?serviceName=a&servicePath=/a&port=1&users=admin:s3cret"
                + "&usersPassEncrypted=false&serviceCert=PEM&authorization=x");

        HttpResponse<String> response = admin.get(DFP + "/config?type=JSON");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).doesNotContain("s3cret").doesNotContain("PEM");
        JsonNode service = json(response).get("a");
        assertThat(service.get("servicePath").asText()).isEqualTo("/a");
        assertThat(service.get("users").asText()).isEqualTo("***");
        assertThat(service.get("usersPassEncrypted").asText()).isEqualTo("***");
        assertThat(service.get("serviceCert").asText()).isEqualTo("***");
        assertThat(service.get("authorization").asText()).isEqualTo("***");
    }

    @Test
    void configAsTextDescribesTheActiveConfiguration() throws Exception {
        admin.get(DFP + "/reconfigure?serviceName=a&servicePath=/a&port=1");

        HttpResponse<String> response = admin.get(DFP + "/config");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(response.body())
                .contains("version: 1")
                .contains("443 (ssl, accept-proxy)")
                .contains("connect=5s")
                .contains("routes on port 80:")
                .contains("a (API)");
    }

    @Test
    void pingAndTestEndpointsAnswerOk() throws Exception {
        assertThat(json(admin.get(DFP + "/ping")).get("Status").asText()).isEqualTo("OK");
        assertThat(json(admin.get("/v1/test")).get("Message").asText()).isEqualTo("Test v1");
        assertThat(json(admin.get("/v2/test")).get("Message").asText()).isEqualTo("Test v2");
    }

    @Test
    void successfulInitReloadIsAnEmpty200WithoutAListener() throws Exception {
        HttpResponse<String> response = admin.get(DFP + "/successfulinitreload");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void certificateEndpointsWithoutAStoreAndMetricsAreNotImplemented() throws Exception {
        for (String path : List.of(DFP + "/cert?certName=x", DFP + "/certs", DFP + "/metrics", "/metrics")) {
            HttpResponse<String> response = admin.send("PUT", path);
            assertThat(response.statusCode()).as(path).isEqualTo(501);
            assertThat(json(response).get("Status").asText()).as(path).isEqualTo("NOK");
        }
    }

    @Test
    void trailingSlashRedirectsToTheCanonicalPathKeepingTheQuery() throws Exception {
        HttpResponse<String> response = admin.get(DFP + "/reconfigure/?serviceName=a&servicePath=/a&port=1");

        assertThat(response.statusCode()).isEqualTo(301);
        assertThat(response.headers().firstValue("Location"))
                .hasValue(DFP + "/reconfigure?serviceName=a&servicePath=/a&port=1");
        assertThat(admin.store.services()).isEmpty();
    }

    @Test
    void unknownPathIsA404InJson() throws Exception {
        HttpResponse<String> response = admin.get("/v1/docker-flow-proxy/nothing-here");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("Status").asText()).isEqualTo("NOK");
    }
}
