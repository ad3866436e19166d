package dev.swarmgate.it.process;

import dev.swarmgate.testing.Curl;
import dev.swarmgate.testing.Nginx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code swarmgate proxy} as users run it (README quick start, with free ports instead of 8080 and 80): settings
 * from the environment, services through the admin API, SIGTERM to stop, STATE_DIR surviving a restart, and the
 * refusals that must stop the start with exit code 2 and a useful message.
 */
class ProxyCommandIT {

    private static final Duration FAILED_START_BOUND = Duration.ofSeconds(30);

    @RegisterExtension
    final ProcessLogs logs = new ProcessLogs();

    @TempDir
    Path dir;

    @Test
    void quickStartFlowSurvivesRestartFromStateDir() {
        try (Nginx nginx = Nginx.start("go-demo")) {
            SwarmgateProcess.Builder builder = SwarmgateProcess.builder(dir);
            try (SwarmgateProcess proxy = logs.watch("first swarmgate", builder.start())) {
                proxy.reconfigure("serviceName=go-demo&servicePath=/demo&port=" + nginx.port()
                        + "&outboundHostname=127.0.0.1");

                assertProxiedToNginx(proxy, nginx);

                // ProxyCommand's shutdown hook closes the runtime; a SIGTERM-initiated JVM exit is 128 + 15.
                assertThat(proxy.stop()).as("exit code after SIGTERM").isEqualTo(SwarmgateProcess.SIGTERM_EXIT);
                assertThat(proxy.log()).contains("Shutting down").doesNotContain("Exception");
            }

            try (SwarmgateProcess restarted = logs.watch("restarted swarmgate", builder.start())) {
                // No reconfigure: the service comes back from STATE_DIR.
                assertThat(restarted.log()).contains("Serving 1 service(s)");
                assertProxiedToNginx(restarted, nginx);
                assertThat(restarted.stop()).isEqualTo(SwarmgateProcess.SIGTERM_EXIT);
            }
        }
    }

    private static void assertProxiedToNginx(SwarmgateProcess proxy, Nginx nginx) {
        Curl.Response response = Curl.include(proxy.proxyUrl("/demo/hello"));
        assertThat(response.status()).as("curl -i %s", proxy.proxyUrl("/demo/hello")).isEqualTo(200);
        assertThat(response.head().header("X-Backend")).contains(nginx.name());
        assertThat(response.body()).isEqualTo("nginx GET /demo/hello\n");
    }

    @Test
    void malformedTimeoutStopsTheStartWithExitCode2NamingTheVariable() {
        SwarmgateProcess proxy = logs.watch("swarmgate", SwarmgateProcess.builder(dir)
                .env("TIMEOUT_CLIENT", "abc").launch());

        assertThat(proxy.awaitExit(FAILED_START_BOUND)).isEqualTo(2);
        assertThat(proxy.log()).contains("TIMEOUT_CLIENT").contains("abc");
    }

    @Test
    void aGlobalPasswordThatIsNotAHashStopsTheStartWithoutPrintingIt() {
        SwarmgateProcess proxy = logs.watch("swarmgate", SwarmgateProcess.builder(dir)
                .env("USERS", "admin:Zq9pw").env("USERS_PASS_ENCRYPTED", "true").launch());

        assertThat(proxy.awaitExit(FAILED_START_BOUND)).isEqualTo(2);
        assertThat(proxy.log()).contains("USERS").doesNotContain("Zq9pw");
    }

    @Test
    void aGlobalPasswordFromTheDfpUsersSecretThatIsNotAHashStopsTheStartWithoutPrintingIt() throws IOException {
        SwarmgateProcess.Builder builder = SwarmgateProcess.builder(dir);
        Files.writeString(dir.resolve("secrets").resolve("dfp_users"), "admin:Xk7secretpw\n");
        SwarmgateProcess proxy = logs.watch("swarmgate", builder.env("USERS_PASS_ENCRYPTED", "true").launch());

        assertThat(proxy.awaitExit(FAILED_START_BOUND)).isEqualTo(2);
        assertThat(proxy.log()).contains("USERS").contains("dfp_users").doesNotContain("Xk7secretpw");
    }
}
