package dev.swarmgate.it;

import dev.swarmgate.docker.SwarmService;
import dev.swarmgate.listener.ChangeDetector;
import dev.swarmgate.listener.ListenerMetrics;
import dev.swarmgate.listener.ListenerSettings;
import dev.swarmgate.listener.Notifier;
import dev.swarmgate.listener.ServiceFeed;
import dev.swarmgate.testing.Curl;
import dev.swarmgate.testing.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ADMIN_USERS} through the real admin server: unset, the API is open as DFP's was; set, every endpoint but
 * the health probes answers 401 with a basic challenge unless the request carries an admin user's credentials, and
 * what calls the admin API itself (a Swarm listener with {@code user:password@} in its URL, {@code distribute=true}
 * between replicas) still gets through. No password ever reaches the log.
 */
class AdminAuthenticationTest {

    /** With an {@code @}, so a listener URL must percent-encode it. */
    private static final String PASSWORD = "s3cret@Pw";
    private static final String USERS = "ops:" + PASSWORD + ",deploy:0ther-Pw";
    private static final String WRONG = "guessed-Pw";
    private static final String CHALLENGE = "Basic realm=\"swarmgate-admin\"";
    private static final String DFP = "/v1/docker-flow-proxy";
    private static final String RECONFIGURE = DFP + "/reconfigure?serviceName=demo&servicePath=/demo&port=8080"
            + "&outboundHostname=127.0.0.1";

    @TempDir
    Path secrets;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private GatewayUnderTest gateway;
    private ProxyReplicas replicas;
    private Notifier notifier;

    @AfterEach
    void stop() {
        if (notifier != null) {
            notifier.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (replicas != null) {
            replicas.close();
        }
        client.close();
    }

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> call(String pathAndQuery, Optional<String> userAndPassword) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.adminPort()
                + pathAndQuery)).timeout(Duration.ofSeconds(10));
        userAndPassword.ifPresent(credentials -> request.header("Authorization", basic(credentials)));
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertChallenged(HttpResponse<String> response, String what) {
        assertThat(response.statusCode()).as(what).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).as(what).contains(CHALLENGE);
        assertThat(response.body()).as(what).contains("\"Status\":\"NOK\"").contains("ADMIN_USERS");
    }

    private boolean serves(String service) {
        return gateway.runtime().store().services().containsKey(service);
    }

    @Test
    void withoutAdminUsersTheApiIsOpenAsInDfp() {
        gateway = GatewayUnderTest.start();

        HttpResponse<String> reply = call(RECONFIGURE, Optional.empty());

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(reply.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(call(DFP + "/config?type=json", Optional.empty()).statusCode()).isEqualTo(200);
        assertThat(serves("demo")).isTrue();
    }

    @Test
    void everyEndpointButTheHealthProbesAsksForCredentials() {
        gateway = GatewayUnderTest.start(Map.of("ADMIN_USERS", USERS));
        List<String> protectedPaths = List.of(RECONFIGURE, DFP + "/config?type=json", DFP + "/remove?serviceName=x",
                DFP + "/reload", "/v1/swarmgate/version", "/v1/swarmgate/endpoints", "/v1/test",
                DFP + "/config/", "/no-such-path", DFP + "/%70ing");

        for (String path : protectedPaths) {
            assertChallenged(call(path, Optional.empty()), path + " without credentials");
            assertChallenged(call(path, Optional.of("ops:" + WRONG)), path + " with a wrong password");
            assertChallenged(call(path, Optional.of("deploy:" + PASSWORD)), path + " with another user's password");
        }
        assertThat(serves("demo")).as("a refused reconfigure changes nothing").isFalse();
        for (String probe : List.of(DFP + "/ping", DFP + "/successfulinitreload")) {
            assertThat(call(probe, Optional.empty()).statusCode()).as(probe).isEqualTo(200);
        }
    }

    @Test
    void theRightCredentialsReachEveryEndpoint() {
        gateway = GatewayUnderTest.start(Map.of("ADMIN_USERS", USERS));
        Optional<String> ops = Optional.of("ops:" + PASSWORD);

        HttpResponse<String> reconfigured = call(RECONFIGURE, ops);
        assertThat(reconfigured.statusCode()).as(reconfigured.body()).isEqualTo(200);
        assertThat(serves("demo")).isTrue();
        assertThat(call(DFP + "/config?type=json", Optional.of("deploy:0ther-Pw")).body()).contains("demo");
        assertThat(call("/v1/swarmgate/version", ops).statusCode()).isEqualTo(200);
        assertThat(call("/v1/swarmgate/endpoints", ops).statusCode()).isEqualTo(200);
        assertThat(call(DFP + "/config/", ops).statusCode()).as("the trailing-slash redirect").isEqualTo(301);

        assertThat(call(DFP + "/remove?serviceName=demo", ops).statusCode()).isEqualTo(200);
        assertThat(serves("demo")).isFalse();
    }

    @Test
    void curlAuthenticatesWithDashU() {
        gateway = GatewayUnderTest.start(Map.of("ADMIN_USERS", USERS));
        String url = "http://127.0.0.1:" + gateway.adminPort() + RECONFIGURE;

        Curl.Response refused = Curl.include(url);
        Curl.Response accepted = Curl.include("-u", "ops:" + PASSWORD, url);

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.head().header("WWW-Authenticate")).contains(CHALLENGE);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        assertThat(serves("demo")).isTrue();
    }

    @Test
    void theUsersCanComeFromTheDfpAdminUsersSecret() throws IOException {
        Files.writeString(secrets.resolve("dfp_admin_users"), "ops:" + PASSWORD + "\n");
        gateway = GatewayUnderTest.start(Map.of(), secrets);

        assertChallenged(call(RECONFIGURE, Optional.empty()), "without credentials");
        assertThat(call(RECONFIGURE, Optional.of("ops:" + PASSWORD)).statusCode()).isEqualTo(200);
    }

    private ChangeDetector listenerNotifying(String userInfo, String retryInterval) {
        String admin = "http://" + userInfo + "127.0.0.1:" + gateway.adminPort() + DFP;
        ListenerSettings settings = ListenerSettings.read(Map.of(
                "DF_NOTIFY_CREATE_SERVICE_URL", admin + "/reconfigure",
                "DF_NOTIFY_REMOVE_SERVICE_URL", admin + "/remove",
                "DF_RETRY_INTERVAL", retryInterval), secrets);
        ListenerMetrics metrics = new ListenerMetrics();
        notifier = new Notifier(settings, metrics);
        return new ChangeDetector(settings, notifier, new ServiceFeed(1), metrics);
    }

    private static SwarmService goDemo() {
        return new SwarmService("id-go-demo", "go-demo", Map.of("com.df.notify", "true",
                "com.df.servicePath", "/demo", "com.df.port", "8080", "com.df.outboundHostname", "127.0.0.1"),
                1, SwarmService.Mode.REPLICATED, 1, "vip", "nginx:1");
    }

    /** The listener sends distribute=true by default, so the proxy also passes the credentials on to itself. */
    @Test
    void aListenerWithUserAndPasswordInItsUrlNotifiesAProtectedProxy() {
        try (LogCapture log = LogCapture.all()) {
            gateway = GatewayUnderTest.startAloneInItsService(Map.of("ADMIN_USERS", USERS));
            ChangeDetector listener = listenerNotifying("ops:s3cret%40Pw@", "1");

            listener.servicesChanged(List.of(goDemo()));
            await().atMost(Duration.ofSeconds(15)).until(() -> serves("go-demo"));
            listener.servicesChanged(List.of());
            await().atMost(Duration.ofSeconds(15)).until(() -> !serves("go-demo"));

            assertThat(log.lines()).anyMatch(line -> line.contains("ops:xxxxx@127.0.0.1"));
            assertThat(log.lines()).noneMatch(line -> line.contains("s3cret"));
        }
    }

    @Test
    void aListenerWithoutCredentialsIsRefused() {
        try (LogCapture log = LogCapture.all()) {
            gateway = GatewayUnderTest.startAloneInItsService(Map.of("ADMIN_USERS", USERS));
            ChangeDetector listener = listenerNotifying("", "0");

            listener.servicesChanged(List.of(goDemo()));

            await().atMost(Duration.ofSeconds(15)).until(() -> log.lines().stream()
                    .anyMatch(line -> line.contains("returned status code 401")));
            assertThat(serves("go-demo")).isFalse();
        }
    }

    @Test
    void distributeSendsTheCredentialsOnToEveryProtectedReplica() throws InterruptedException {
        try (LogCapture log = LogCapture.all()) {
            replicas = new ProxyReplicas(3, Map.of("ADMIN_USERS", USERS, "SWARM_DISCOVERY", "off"));
            replicas.resolveTasks(host -> CompletableFuture.completedFuture(
                    IntStream.range(0, 3).mapToObj(ProxyReplicas::address).toList()));
            String distributed = RECONFIGURE + "&distribute=true";

            GatewayUnderTest.Reply refused = replicas.admin(1, distributed);
            GatewayUnderTest.Reply reply = replicas.admin(1, distributed,
                    Map.of("Authorization", basic("ops:" + PASSWORD)));

            assertThat(refused.status()).isEqualTo(401);
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.body()).contains("Distributed to all instances");
            assertThat(IntStream.range(0, 3).allMatch(i -> replicas.replica(i).store().services()
                    .containsKey("demo"))).isTrue();
            assertThat(log.lines()).noneMatch(line -> line.contains(PASSWORD)
                    || line.contains(basic("ops:" + PASSWORD).substring(6)));
        }
    }

    @Test
    void noPasswordReachesTheLog() throws IOException {
        try (LogCapture log = LogCapture.all()) {
            gateway = GatewayUnderTest.start(Map.of("ADMIN_USERS", USERS));
            call(RECONFIGURE, Optional.of("ops:" + WRONG));
            call(RECONFIGURE, Optional.of(WRONG + ":" + PASSWORD));
            call(RECONFIGURE, Optional.of("ops:" + PASSWORD));
            call(RECONFIGURE + "&users=ops:" + WRONG, Optional.empty());

            assertThat(log.lines()).anyMatch(line -> line.contains("refused: wrong credentials"));
            for (String secret : List.of(PASSWORD, WRONG, "0ther-Pw", basic("ops:" + WRONG).substring(6),
                    basic("ops:" + PASSWORD).substring(6))) {
                assertThat(log.lines()).as(secret).noneMatch(line -> line.contains(secret));
            }
        }
    }
}
