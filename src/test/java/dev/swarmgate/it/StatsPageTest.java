package dev.swarmgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swarmgate.store.ReconfigureJournal;
import dev.swarmgate.store.Source;
import dev.swarmgate.testing.FreePort;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The stats page through a real proxy and a plain HTTP client: behind basic authentication in DFP's realm, answered
 * ahead of routing on the traffic port (without taking a service's {@code /admin}), or alone on {@code STATS_PORT};
 * its JSON lists the services and the journal of every source's reconfigures.
 */
class StatsPageTest {

    private static final String USER = "admin";
    private static final String PASSWORD = "s3cret-Pw";
    private static final String CHALLENGE = "Basic realm=\"Strictly Private\"";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable resource : closing.reversed()) {
            resource.close();
        }
        client.close();
    }

    private GatewayUnderTest proxy(Map<String, String> env) {
        GatewayUnderTest gateway = GatewayUnderTest.start(env);
        closing.add(gateway);
        return gateway;
    }

    private RecordingBackend backend() {
        RecordingBackend backend = RecordingBackend.start();
        closing.add(backend);
        return backend;
    }

    private HttpResponse<String> get(int port, String target, Optional<String> userAndPassword) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + target))
                .timeout(Duration.ofSeconds(10));
        userAndPassword.ifPresent(credentials -> request.header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8))));
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Optional<String> admin() {
        return Optional.of(USER + ":" + PASSWORD);
    }

    @Test
    void withoutOrWithWrongCredentialsThePageIsA401ChallengeInDfpsRealm() {
        GatewayUnderTest proxy = proxy(Map.of("STATS_USER", USER, "STATS_PASS", PASSWORD));

        for (Optional<String> credentials : List.of(Optional.<String>empty(), Optional.of(USER + ":guessed"),
                Optional.of("other:" + PASSWORD))) {
            for (String target : List.of("/admin?stats", "/admin?stats;json", "/admin?stats;dashboard.js")) {
                HttpResponse<String> refused = get(proxy.port(), target, credentials);
                assertThat(refused.statusCode()).as("%s with %s", target, credentials).isEqualTo(401);
                assertThat(refused.headers().firstValue("WWW-Authenticate")).contains(CHALLENGE);
                assertThat(refused.body()).doesNotContain("services");
            }
        }
        HttpResponse<String> page = get(proxy.port(), "/admin?stats", admin());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("default-src 'none'", "script-src 'self'"));
        assertThat(page.body()).contains("data-source=\"/admin?stats;json\"", "<h1>");
    }

    @Test
    void headAnswersWithoutABodyAndOtherMethodsAre405() throws Exception {
        GatewayUnderTest proxy = proxy(Map.of("STATS_USER", USER, "STATS_PASS", PASSWORD));
        String basic = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        URI page = URI.create("http://127.0.0.1:" + proxy.port() + "/admin?stats");

        HttpResponse<String> head = client.send(HttpRequest.newBuilder(page).header("Authorization", basic)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(page).header("Authorization", basic)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
        // The connection stays usable after both.
        assertThat(get(proxy.port(), "/admin?stats;json", admin()).statusCode()).isEqualTo(200);
    }

    @Test
    void theJsonListsServicesWithRoutesAndEndpointsAndTheRejectedAndPartlyIgnoredReconfigures() throws IOException {
        RecordingBackend backend = backend();
        GatewayUnderTest proxy = proxy(Map.of("STATS_USER", USER, "STATS_PASS", PASSWORD));
        proxy.route("go-demo", backend.port(), "servicePath=/demo");
        assertThat(proxy.reconfigure("serviceName=broken&servicePath=/b&port=abc").status()).isEqualTo(400);
        proxy.route("legacy", backend.port(), "servicePath=/legacy&templateFePath=/cfg/tmpl/fe.tmpl");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode data = JSON.readTree(get(proxy.port(), "/admin?stats;json", admin()).body());
            assertThat(service(data, "go-demo")).isPresent();
            JsonNode demo = service(data, "go-demo").get();
            assertThat(demo.at("/routes/0/paths/0").asText()).isEqualTo("/demo");
            assertThat(demo.at("/routes/0/port").asInt()).isEqualTo(backend.port());
            assertThat(demo.at("/endpoints/0/address").asText()).isEqualTo("127.0.0.1:" + backend.port());
            assertThat(demo.at("/endpoints/0/healthy").asBoolean()).isTrue();
            assertThat(demo.get("traffic").isNull()).as("no traffic view is connected yet").isTrue();
            assertThat(data.at("/config/services").asInt()).isEqualTo(2);
            assertThat(data.at("/config/fingerprint").asText()).isNotEmpty();
            assertThat(data.get("listeners")).anySatisfy(listener ->
                    assertThat(listener.get("protocol").asText()).isEqualTo("http"));
            assertThat(entries(data, "rejected")).anySatisfy(entry -> {
                assertThat(entry.get("service").asText()).isEqualTo("broken");
                assertThat(entry.get("source").asText()).isEqualTo("API");
                assertThat(entry.get("message").asText()).contains("port");
            });
            assertThat(entries(data, "partly_ignored")).anySatisfy(entry -> {
                assertThat(entry.get("service").asText()).isEqualTo("legacy");
                assertThat(entry.get("message").asText()).contains("templateFePath");
            });
        });
        assertThat(proxy.runtime().journal().count(Source.API, ReconfigureJournal.Outcome.APPLIED)).isEqualTo(1);
        assertThat(proxy.runtime().journal().count(Source.API, ReconfigureJournal.Outcome.REJECTED)).isEqualTo(1);
    }

    @Test
    void aServiceOnAdminKeepsItsPathsOnlyTheStatsTargetIsTheProxys() {
        RecordingBackend backend = backend();
        GatewayUnderTest proxy = proxy(Map.of("STATS_USER", USER, "STATS_PASS", PASSWORD));
        proxy.route("admin-ui", backend.port(), "servicePath=/admin");

        assertThat(get(proxy.port(), "/admin", Optional.empty()).statusCode()).isEqualTo(200);
        assertThat(get(proxy.port(), "/admin?page=2", Optional.empty()).statusCode()).isEqualTo(200);
        assertThat(get(proxy.port(), "/admin/stats", Optional.empty()).statusCode()).isEqualTo(200);
        assertThat(backend.requests()).extracting(RecordingBackend.Seen::path)
                .containsExactly("/admin", "/admin", "/admin/stats");
        assertThat(get(proxy.port(), "/admin?stats", Optional.empty()).statusCode()).isEqualTo(401);
        assertThat(backend.requests()).hasSize(3);
    }

    @Test
    void offByDefaultTheStatsTargetIsRoutedLikeAnyOther() {
        RecordingBackend backend = backend();
        GatewayUnderTest proxy = proxy(Map.of());
        proxy.route("admin-ui", backend.port(), "servicePath=/admin");

        assertThat(get(proxy.port(), "/admin?stats", Optional.empty()).statusCode()).isEqualTo(200);
        assertThat(backend.requests()).extracting(RecordingBackend.Seen::path).containsExactly("/admin");
    }

    @Test
    void noneAndNoneOpensThePageToEveryone() {
        GatewayUnderTest proxy = proxy(Map.of("STATS_USER", "none", "STATS_PASS", "none", "STATS_URI", "/proxyStats"));

        assertThat(get(proxy.port(), "/proxyStats", Optional.empty()).statusCode()).isEqualTo(200);
        assertThat(get(proxy.port(), "/proxyStats;json", Optional.empty()).body()).contains("\"services\"");
    }

    @Test
    void statsPortServesThePageAloneAndTheTrafficPortRoutesTheTarget() {
        int statsPort = FreePort.pick();
        GatewayUnderTest proxy = proxy(Map.of("STATS_USER", USER, "STATS_PASS", PASSWORD,
                "STATS_PORT", String.valueOf(statsPort)));

        assertThat(get(statsPort, "/admin?stats", Optional.empty()).statusCode()).isEqualTo(401);
        assertThat(get(statsPort, "/admin?stats", Optional.empty()).headers().firstValue("WWW-Authenticate"))
                .contains(CHALLENGE);
        assertThat(get(statsPort, "/admin?stats;json", admin()).body()).contains("\"services\"");
        assertThat(get(statsPort, "/other", admin()).statusCode()).isEqualTo(404);
        // As DFP's frontend stats: with STATS_PORT the page is there only; no service here, so 503.
        assertThat(get(proxy.port(), "/admin?stats", admin()).statusCode()).isEqualTo(503);
    }

    @Test
    void aStatsPortThatIsTheAdminPortOrAListenerStopsTheStartNamingTheFix() {
        int admin = FreePort.pick();
        assertThatThrownBy(() -> proxy(Map.of("STATS_USER", USER, "STATS_PASS", PASSWORD, "PORT",
                String.valueOf(admin), "STATS_PORT", String.valueOf(admin))))
                .hasMessageStartingWith("STATS_PORT=" + admin + " is the admin API's PORT");
        int listener = FreePort.pick();
        assertThatThrownBy(() -> proxy(Map.of("STATS_USER", USER, "STATS_PASS", PASSWORD, "DEFAULT_PORTS",
                String.valueOf(listener), "STATS_PORT", String.valueOf(listener))))
                .hasMessageStartingWith("STATS_PORT=" + listener + " is a listener of DEFAULT_PORTS or BIND_PORTS");
    }

    @Test
    void environmentServicesAreJournalledPartlyIgnoredWhenAParameterIsIgnored() {
        GatewayUnderTest proxy = proxy(Map.of("DFP_SERVICE_1_SERVICE_NAME", "pinned",
                "DFP_SERVICE_1_SERVICE_PATH", "/pinned", "DFP_SERVICE_1_PORT", "8080",
                "DFP_SERVICE_1_OUTBOUND_HOSTNAME", "127.0.0.1",
                "DFP_SERVICE_1_TEMPLATE_FE_PATH", "/cfg/tmpl/fe.tmpl",
                "DFP_SERVICE_2_SERVICE_NAME", "bad", "DFP_SERVICE_2_SERVICE_PATH", "/bad",
                "DFP_SERVICE_2_PORT", "none"));

        List<ReconfigureJournal.Entry> recent = proxy.runtime().journal().recent();
        assertThat(recent).anySatisfy(entry -> {
            assertThat(entry.source()).isEqualTo(Source.ENV);
            assertThat(entry.service()).isEqualTo("pinned");
            assertThat(entry.outcome()).isEqualTo(ReconfigureJournal.Outcome.PARTLY_IGNORED);
            assertThat(entry.message()).contains("templateFePath");
        });
        assertThat(recent).anySatisfy(entry -> {
            assertThat(entry.service()).isEqualTo("bad");
            assertThat(entry.outcome()).isEqualTo(ReconfigureJournal.Outcome.REJECTED);
        });
    }

    private static Optional<JsonNode> service(JsonNode data, String name) {
        for (JsonNode service : data.get("services")) {
            if (service.get("name").asText().equals(name)) {
                return Optional.of(service);
            }
        }
        return Optional.empty();
    }

    private static List<JsonNode> entries(JsonNode data, String outcome) {
        List<JsonNode> found = new ArrayList<>();
        data.get("reconfigures").forEach(entry -> {
            if (entry.get("outcome").asText().equals(outcome)) {
                found.add(entry);
            }
        });
        return found;
    }
}
