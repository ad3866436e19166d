package dev.swarmgate.it;

import dev.swarmgate.auth.HashVectors;
import dev.swarmgate.testing.Curl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Basic authentication through the running proxy (docs/parameters.md "users", docs/security.md): curl and the JDK
 * client against a recording backend that shows what arrives.
 */
class BasicAuthTest {

    private static RecordingBackend backend;
    private GatewayUnderTest gateway;

    @TempDir
    Path secrets;

    @BeforeAll
    static void startBackend() {
        backend = RecordingBackend.start();
    }

    @AfterAll
    static void stopBackend() {
        backend.close();
    }

    @AfterEach
    void stopProxy() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private GatewayUnderTest start(Map<String, String> env) {
        gateway = GatewayUnderTest.start(env, secrets);
        return gateway;
    }

    private void route(String name, String rest) {
        gateway.route(name, backend.port(), rest);
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private Curl.Response curl(String path, String... args) {
        String[] all = new String[args.length + 1];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = gateway.url(path);
        return Curl.include(all);
    }

    /** The last request the backend received on {@code path}. */
    private static RecordingBackend.Seen seen(String path) {
        return backend.requests().reversed().stream().filter(request -> request.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("the backend never saw " + path));
    }

    @Test
    void theIssuesExampleAsksForCredentialsInTheServicesRealm() {
        start(Map.of());
        gateway.route("serviceName=api&servicePath=/api&port=8080&users=admin:s3cret");

        Curl.Response response = curl("/api/users");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.head().header("WWW-Authenticate")).contains("Basic realm=\"apiRealm\"");
    }

    @Test
    void theRightCredentialsReachTheBackendWithoutTheAuthorizationHeader() {
        start(Map.of());
        route("api", "servicePath=/api&users=admin:s3cret,bob:other");

        Curl.Response response = curl("/api/right", "-u", "admin:s3cret");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.head().header("X-Backend")).contains("recording");
        assertThat(seen("/api/right").headers()).doesNotContainKey("Authorization");
    }

    @Test
    void wrongCredentialsGet401AndNeverReachTheBackend() {
        start(Map.of());
        route("api", "servicePath=/api&users=admin:s3cret");

        for (String credentials : List.of("admin:wrong", "nobody:s3cret", "Admin:s3cret")) {
            Curl.Response response = curl("/api/wrong", "-u", credentials);

            assertThat(response.status()).as(credentials).isEqualTo(401);
            assertThat(response.head().header("WWW-Authenticate")).contains("Basic realm=\"apiRealm\"");
        }
        assertThat(backend.requests()).noneMatch(request -> request.path().equals("/api/wrong"));
    }

    @Test
    void usersSecretReadsTheDockerSecretFile() throws Exception {
        Files.writeString(secrets.resolve("dfp_users_api"), "admin:fromfile\n");
        start(Map.of());
        route("api", "servicePath=/api&usersSecret=api");

        assertThat(curl("/api/secret", "-u", "admin:fromfile").status()).isEqualTo(200);
        assertThat(curl("/api/secret", "-u", "admin:s3cret").status()).isEqualTo(401);
    }

    @Test
    void sha512AndBcryptHashesLetTheirPasswordsIn() {
        start(Map.of());
        route("api", "servicePath=/api&usersPassEncrypted=true&users="
                + encoded("sha:" + HashVectors.SHA512 + ",bc:" + HashVectors.BCRYPT_2Y));

        assertThat(curl("/api/sha", "-u", "sha:s3cret").status()).isEqualTo(200);
        assertThat(curl("/api/bc", "-u", "bc:s3cret").status()).isEqualTo(200);
        assertThat(curl("/api/sha", "-u", "sha:wrong").status()).isEqualTo(401);
        assertThat(curl("/api/bc", "-u", "bc:wrong").status()).isEqualTo(401);
        assertThat(seen("/api/bc").headers()).doesNotContainKey("Authorization");
    }

    @Test
    void aKeepAliveClientWithAHashedPasswordIsServedOnEveryRequestWithItsBody() throws Exception {
        start(Map.of());
        route("api", "servicePath=/api&usersPassEncrypted=true&users=" + encoded("bc:" + HashVectors.BCRYPT_2B));
        String authorization = "Basic " + Base64.getEncoder().encodeToString("bc:s3cret".getBytes(
                StandardCharsets.UTF_8));
        byte[] body = "x".repeat(100_000).getBytes(StandardCharsets.UTF_8);

        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(gateway.url("/api/post")))
                        .timeout(Duration.ofSeconds(10)).header("Authorization", authorization)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.ofString());

                assertThat(response.statusCode()).as("request %d", i).isEqualTo(200);
                assertThat(response.body()).startsWith("len=100000 sha=" + RecordingBackend.sha256(body));
            }
        }
        assertThat(backend.requests()).filteredOn(request -> request.path().equals("/api/post")).hasSize(5)
                .allSatisfy(request -> assertThat(request.headers()).doesNotContainKey("Authorization"));
    }

    @Test
    void ignoreAuthorizationOpensItsDestinationOnly() {
        start(Map.of());
        gateway.route("serviceName=api&outboundHostname=127.0.0.1&port.1=" + backend.port() + "&servicePath.1=/open"
                + "&port.2=" + backend.port() + "&servicePath.2=/closed&users=admin:s3cret&ignoreAuthorization.1=true");

        assertThat(curl("/open/x").status()).isEqualTo(200);
        assertThat(curl("/closed/x").status()).isEqualTo(401);
        assertThat(curl("/closed/x", "-u", "admin:s3cret").status()).isEqualTo(200);
    }

    @Test
    void globalUsersGuardEveryServiceWithoutUsersOfItsOwn() {
        start(Map.of("USERS", "ops:global"));
        route("plain", "servicePath=/plain");
        route("own", "servicePath=/own&users=admin:s3cret");
        route("open", "servicePath=/open&ignoreAuthorization=true");

        Curl.Response challenged = curl("/plain/x");
        assertThat(challenged.status()).isEqualTo(401);
        assertThat(challenged.head().header("WWW-Authenticate")).contains("Basic realm=\"defaultRealm\"");
        assertThat(curl("/plain/x", "-u", "ops:global").status()).isEqualTo(200);
        assertThat(seen("/plain/x").headers()).doesNotContainKey("Authorization");

        assertThat(curl("/own/x", "-u", "admin:s3cret").status()).isEqualTo(200);
        assertThat(curl("/own/x", "-u", "ops:global").head().header("WWW-Authenticate"))
                .contains("Basic realm=\"ownRealm\"");

        assertThat(curl("/open/x").status()).isEqualTo(200);
    }

    @Test
    void aUserWithoutPasswordTakesTheGlobalOne() {
        start(Map.of("USERS", "ops:global"));
        route("api", "servicePath=/api&users=ops");

        assertThat(curl("/api/x", "-u", "ops:global").status()).isEqualTo(200);
        assertThat(curl("/api/x", "-u", "ops:").status()).isEqualTo(401);
    }

    @Test
    void aBadHashIsA400WithoutTheHashAndThePreviousVersionKeepsServing() {
        start(Map.of());
        route("api", "servicePath=/api&users=admin:s3cret");

        GatewayUnderTest.Reply reply = gateway.reconfigure("serviceName=api&outboundHostname=127.0.0.1&port="
                + backend.port() + "&servicePath=/api&usersPassEncrypted=true&users="
                + encoded("admin:" + HashVectors.YESCRYPT));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("usersPassEncrypted").contains("yescrypt")
                .doesNotContain("Xh9czN1D9Sf6HFT1CUNhx");
        assertThat(curl("/api/x", "-u", "admin:s3cret").status()).as("the previous version serves").isEqualTo(200);
        assertThat(curl("/api/x").status()).as("still guarded").isEqualTo(401);
    }

    @Test
    void aMissingUsersSecretIsA400NamingItAndThePreviousVersionKeepsServing() {
        start(Map.of());
        route("api", "servicePath=/api&users=admin:s3cret");

        GatewayUnderTest.Reply reply = gateway.reconfigure("serviceName=api&outboundHostname=127.0.0.1&port="
                + backend.port() + "&servicePath=/api&usersSecret=missing");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("usersSecret=missing").contains("dfp_users_missing");
        assertThat(curl("/api/x", "-u", "admin:s3cret").status()).isEqualTo(200);
    }

    @Test
    void usersAskedForButNoneValidLockEverybodyOut() {
        start(Map.of());
        route("api", "servicePath=/api&users=nopassword");

        assertThat(curl("/api/x", "-u", "nopassword:").status()).isEqualTo(401);
        assertThat(curl("/api/x", "-u", "nopassword:x").status()).isEqualTo(401);
    }
}
