package dev.swarmgate.it;

import dev.swarmgate.testing.FreePort;
import dev.swarmgate.testing.NginxBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a start brings up: STATE_DIR, DFP_SERVICE_* variables, dfp_* secrets; and what stops a start. */
class PersistenceTest {

    @RegisterExtension
    static final NginxBackend a = new NginxBackend("a");
    @RegisterExtension
    static final NginxBackend b = new NginxBackend("b");

    @TempDir
    Path secrets;

    @Test
    void aServiceAddedThroughTheApiIsServedAgainAfterARestartWithTheSameStateDir() throws Exception {
        GatewayUnderTest first = GatewayUnderTest.start();
        first.route("demo", a.port(), "servicePath=/demo");
        try (GatewayUnderTest second = first.restart()) {
            var response = second.get("/demo/x");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("X-Backend")).contains("a");
            GatewayUnderTest.Reply config = second.admin("/v1/docker-flow-proxy/config?type=json");
            assertThat(config.body()).contains("\"demo\"").contains("/demo");
        }
    }

    @Test
    void aRemovedServiceStaysRemovedAfterARestart() {
        GatewayUnderTest first = GatewayUnderTest.start();
        first.route("keep", a.port(), "servicePath=/keep");
        first.route("gone", b.port(), "servicePath=/gone");
        assertThat(first.remove("gone").status()).isEqualTo(200);
        try (GatewayUnderTest second = first.restart()) {
            assertThat(second.get("/keep").statusCode()).isEqualTo(200);
            assertThat(second.get("/gone").statusCode()).isEqualTo(503);
            assertThat(second.admin("/v1/docker-flow-proxy/config?type=json").body())
                    .contains("\"keep\"").doesNotContain("\"gone\"");
        }
    }

    @Test
    void dfpServiceEnvironmentVariablesAreServedFromTheStart() {
        Map<String, String> env = Map.of(
                "DFP_SERVICE_SERVICE_NAME", "env-one",
                "DFP_SERVICE_SERVICE_PATH", "/one",
                "DFP_SERVICE_PORT", String.valueOf(a.port()),
                "DFP_SERVICE_OUTBOUND_HOSTNAME", "127.0.0.1",
                "DFP_SERVICE_1_SERVICE_NAME", "env-two",
                "DFP_SERVICE_1_SERVICE_PATH", "/two",
                "DFP_SERVICE_1_PORT", String.valueOf(b.port()),
                "DFP_SERVICE_1_OUTBOUND_HOSTNAME", "127.0.0.1");
        try (GatewayUnderTest gateway = GatewayUnderTest.start(env)) {
            assertThat(gateway.get("/one").headers().firstValue("X-Backend")).contains("a");
            assertThat(gateway.get("/two").headers().firstValue("X-Backend")).contains("b");
            assertThat(gateway.admin("/v1/docker-flow-proxy/config").body()).contains("ENV");
        }
    }

    @Test
    void aDfpDefaultPortsSecretWinsOverTheEnvironment() throws Exception {
        int fromEnv = FreePort.pick();
        int fromSecret = FreePort.pick();
        Files.writeString(secrets.resolve("dfp_default_ports"), fromSecret + "\n");
        try (GatewayUnderTest gateway = GatewayUnderTest.start(Map.of("DEFAULT_PORTS", String.valueOf(fromEnv)),
                secrets)) {
            gateway.route("site", a.port(), "servicePath=/");

            assertThat(gateway.boundPort(fromSecret)).isEqualTo(fromSecret);
            assertThat(gateway.get(GatewayUnderTest.url(fromSecret, "/x")).headers().firstValue("X-Backend"))
                    .contains("a");
            assertThat(GatewayUnderTest.accepts(fromEnv)).as("the environment's port is not bound").isFalse();
        }
    }

    @Test
    void aGlobalPasswordThatIsNotAHashMakesTheStartFailWithAMessageThatDoesNotShowIt() {
        int admin = FreePort.pick();
        int listener = FreePort.pick();

        assertThatThrownBy(() -> GatewayUnderTest.start(Map.of("USERS", "admin:Sup3rSecretPw",
                "USERS_PASS_ENCRYPTED", "true",
                "PORT", String.valueOf(admin), "DEFAULT_PORTS", String.valueOf(listener))))
                .hasMessageContaining("USERS")
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain("Sup3rSecretPw");
                    }
                });
        assertThat(GatewayUnderTest.accepts(admin)).isFalse();
        assertThat(GatewayUnderTest.accepts(listener)).isFalse();
    }
}
