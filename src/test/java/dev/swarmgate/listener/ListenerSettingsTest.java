package dev.swarmgate.listener;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** DFSL's environment variables and secrets (dfp-compat §5.1), with its image defaults. */
class ListenerSettingsTest {

    @TempDir
    Path secrets;

    private ListenerSettings read(Map<String, String> env) {
        return ListenerSettings.read(env, secrets);
    }

    private static List<String> urls(List<NotifyTarget> targets) {
        return targets.stream().map(target -> target.method() + " " + target.url()).toList();
    }

    @Test
    void defaultsAreTheDfslImagesDefaults() {
        ListenerSettings settings = read(Map.of());

        assertThat(settings.notifyLabel().toString()).isEqualTo("com.df.notify");
        assertThat(settings.retries()).isEqualTo(50);
        assertThat(settings.retryInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.relistInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.discovery().taskInterval()).as("tasks, for the feed's addresses")
                .isEqualTo(Duration.ofMillis(250));
        assertThat(settings.port()).isEqualTo(8080);
        assertThat(settings.host()).isEqualTo("0.0.0.0");
        assertThat(settings.serviceNamePrefix()).isEmpty();
        assertThat(settings.docker().toString()).isEqualTo("unix:///var/run/docker.sock");
        assertThat(settings.createTargets()).isEmpty();
        assertThat(settings.notes()).singleElement().asString().startsWith("No notification URL is set");
    }

    @Test
    void readsTheUrlListsWithTheirMethodsByPositionTheLastOneRepeating() {
        ListenerSettings settings = read(Map.of(
                "DF_NOTIFY_CREATE_SERVICE_URL", "http://proxy:8080/v1/docker-flow-proxy/reconfigure, http://a/x,,"
                        + "http://b/y?hello=world",
                "DF_NOTIFY_CREATE_SERVICE_METHOD", "get,Post",
                "DF_NOTIFY_REMOVE_SERVICE_URL", "http://proxy:8080/v1/docker-flow-proxy/remove"));

        assertThat(urls(settings.createTargets())).containsExactly(
                "GET http://proxy:8080/v1/docker-flow-proxy/reconfigure", "POST http://a/x",
                "POST http://b/y?hello=world");
        assertThat(urls(settings.removeTargets())).containsExactly(
                "GET http://proxy:8080/v1/docker-flow-proxy/remove");
        assertThat(settings.notes()).isEmpty();
    }

    @Test
    void legacyNotifWinsOverNotifyWhichWinsOverNotificationUrl() {
        ListenerSettings settings = read(Map.of(
                "DF_NOTIF_CREATE_SERVICE_URL", "http://legacy/create",
                "DF_NOTIFY_CREATE_SERVICE_URL", "http://current/create",
                "DF_NOTIFY_REMOVE_SERVICE_URL", "http://current/remove",
                "DF_NOTIFICATION_URL", "http://both/notify"));

        assertThat(urls(settings.createTargets())).containsExactly("GET http://legacy/create");
        assertThat(urls(settings.removeTargets())).containsExactly("GET http://current/remove");

        ListenerSettings fallback = read(Map.of("DF_NOTIFICATION_URL", "http://both/notify"));
        assertThat(urls(fallback.createTargets())).containsExactly("GET http://both/notify");
        assertThat(urls(fallback.removeTargets())).containsExactly("GET http://both/notify");
    }

    @Test
    void secretUrlsAreAppendedToTheEnvironmentsAndTakeMethodsByTheirPosition() throws IOException {
        Files.writeString(secrets.resolve("df_notify_create_service_url"), "http://secret-a/c,http://secret-b/c\n");
        Files.writeString(secrets.resolve("df_notify_remove_service_url"), "http://secret/r\n");

        ListenerSettings settings = read(Map.of("DF_NOTIFY_CREATE_SERVICE_URL", "http://env/c",
                "DF_NOTIFY_CREATE_SERVICE_METHOD", "PUT,GET"));

        assertThat(urls(settings.createTargets()))
                .containsExactly("PUT http://env/c", "GET http://secret-a/c", "GET http://secret-b/c");
        assertThat(urls(settings.removeTargets())).containsExactly("GET http://secret/r");
    }

    @Test
    void twoUrlsOnTheSameHostBothGetNotifiedUnlikeDfslWhichKeptOne() {
        ListenerSettings settings = read(Map.of("DF_NOTIFY_CREATE_SERVICE_URL",
                "http://proxy:8080/v1/docker-flow-proxy/reconfigure,http://proxy:8080/other"));

        assertThat(settings.createTargets()).hasSize(2);
    }

    @Test
    void swarmHostNamesWithUnderscoresAreTakenAsWritten() {
        NotifyTarget target = read(Map.of("DF_NOTIFY_CREATE_SERVICE_URL",
                "http://proxy_proxy:8080/v1/docker-flow-proxy/reconfigure")).createTargets().getFirst();

        assertThat(target.host()).isEqualTo("proxy_proxy");
        assertThat(target.port()).isEqualTo(8080);
        assertThat(target.hostHeader()).isEqualTo("proxy_proxy:8080");
        assertThat(target.requestTarget("a=b")).isEqualTo("/v1/docker-flow-proxy/reconfigure?a=b");
    }

    @Test
    void userInformationBecomesBasicAuthenticationAndIsRedactedInLogs() {
        NotifyTarget target = read(Map.of("DF_NOTIFY_CREATE_SERVICE_URL", "http://admin:s%40cret@proxy/r"))
                .createTargets().getFirst();

        assertThat(target.userInfo()).isEqualTo("admin:s@cret");
        assertThat(target.port()).isEqualTo(80);
        assertThat(target.display("a=b")).isEqualTo("http://admin:xxxxx@proxy/r?a=b");
    }

    @Test
    void aRefusedUrlIsQuotedWithItsPasswordMasked() {
        assertThatThrownBy(() -> read(Map.of("DF_NOTIFY_CREATE_SERVICE_URL", "https://admin:hunter2@proxy:8080/r")))
                .hasMessageContaining("'https://admin:xxxxx@proxy:8080/r' uses https://")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> read(Map.of("DF_NOTIFY_CREATE_SERVICE_URL", "http://admin:hun/ter2@proxy:x/r")))
                .hasMessageNotContaining("hun");
        assertThat(NotifyTarget.redact("http://proxy:8080/r?a=b")).isEqualTo("http://proxy:8080/r?a=b");
        assertThat(NotifyTarget.redact("http://admin@proxy/r")).isEqualTo("http://admin@proxy/r");
    }

    @Test
    void readsRetriesTimeoutPollingPrefixAndPort() {
        ListenerSettings settings = read(Map.of("DF_RETRY", "3", "DF_RETRY_INTERVAL", "0", "DF_NOTIFY_TIMEOUT", "7",
                "DF_SERVICE_POLLING_INTERVAL", "12", "DF_SERVICE_NAME_PREFIX", "dev", "LISTENER_PORT", "9000",
                "DF_NOTIFY_LABEL", "com.df.notifyDev", "DF_DOCKER_HOST", "tcp://manager:2375",
                "SWARM_TASK_INTERVAL", "1s", "SWARM_TASK_IDLE_INTERVAL", "5s"));

        assertThat(settings.retries()).isEqualTo(3);
        assertThat(settings.retryInterval()).isZero();
        assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(settings.relistInterval()).isEqualTo(Duration.ofSeconds(12));
        assertThat(settings.discovery().relistInterval()).isEqualTo(Duration.ofSeconds(12));
        assertThat(settings.discovery().taskInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.discovery().idleTaskInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.serviceNamePrefix()).isEqualTo("dev");
        assertThat(settings.port()).isEqualTo(9000);
        assertThat(settings.notifyLabel().key()).isEqualTo("com.df.notifyDev");
        assertThat(settings.docker().toString()).isEqualTo("tcp://manager:2375");
    }

    @Test
    void unsupportedNodeFeaturesAndServiceEventsOffAreNamedInTheNotes() throws IOException {
        Files.writeString(secrets.resolve("df_notify_remove_node_url"), "http://monitor/node-removed");

        ListenerSettings settings = read(Map.of("DF_NOTIFY_CREATE_SERVICE_URL", "http://proxy/r",
                "DF_NOTIFY_CREATE_NODE_URL", "http://monitor/node", "DF_INCLUDE_NODE_IP_INFO", "true",
                "DF_USE_DOCKER_SERVICE_EVENTS", "false"));

        assertThat(settings.notes()).hasSize(4)
                .anySatisfy(note -> assertThat(note).startsWith("DF_NOTIFY_CREATE_NODE_URL"))
                .anySatisfy(note -> assertThat(note).startsWith("DF_NOTIFY_REMOVE_NODE_URL (or secret"
                        + " df_notify_remove_node_url)"))
                .anySatisfy(note -> assertThat(note).startsWith("DF_INCLUDE_NODE_IP_INFO=true is not supported"))
                .anySatisfy(note -> assertThat(note).startsWith("DF_USE_DOCKER_SERVICE_EVENTS=false has no effect"));
    }

    @Test
    void malformedValuesNameTheVariableAndTheFix() {
        assertThatThrownBy(() -> read(Map.of("DF_RETRY", "many")))
                .hasMessage("DF_RETRY=many is not valid: use a whole number of retries, 0 or more (the default is 50)");
        assertThatThrownBy(() -> read(Map.of("DF_RETRY_INTERVAL", "-1")))
                .hasMessageStartingWith("DF_RETRY_INTERVAL=-1 is not valid: use a whole number of seconds");
        assertThatThrownBy(() -> read(Map.of("DF_NOTIFY_TIMEOUT", "0")))
                .hasMessageStartingWith("DF_NOTIFY_TIMEOUT=0 is not valid");
        assertThatThrownBy(() -> read(Map.of("DF_USE_DOCKER_SERVICE_EVENTS", "yes")))
                .hasMessage("DF_USE_DOCKER_SERVICE_EVENTS=yes is not valid: use true or false");
        assertThatThrownBy(() -> read(Map.of("DF_SERVICE_POLLING_INTERVAL", "10s")))
                .hasMessageStartingWith("DF_SERVICE_POLLING_INTERVAL=10s is not valid");
        assertThatThrownBy(() -> read(Map.of("LISTENER_PORT", "70000")))
                .hasMessageStartingWith("LISTENER_PORT=70000 is not valid");
        assertThatThrownBy(() -> read(Map.of("DF_DOCKER_HOST", "ssh://manager")))
                .hasMessageStartingWith("DF_DOCKER_HOST: ");
    }

    @Test
    void malformedUrlsAndMethodsNameTheVariableAndTheFix() {
        assertThatThrownBy(() -> read(Map.of("DF_NOTIFY_CREATE_SERVICE_URL", "proxy:8080/v1/docker-flow-proxy")))
                .hasMessage("DF_NOTIFY_CREATE_SERVICE_URL: 'proxy:8080/v1/docker-flow-proxy' is not an http:// URL"
                        + " with a host; write it like http://proxy:8080/v1/docker-flow-proxy/reconfigure");
        assertThatThrownBy(() -> read(Map.of("DF_NOTIFY_REMOVE_SERVICE_URL", "http://proxy:80 80/remove")))
                .hasMessageStartingWith("DF_NOTIFY_REMOVE_SERVICE_URL: 'http://proxy:80 80/remove' is not a valid"
                        + " URL");
        assertThatThrownBy(() -> read(Map.of("DF_NOTIFY_CREATE_SERVICE_URL", "http://proxy:0/r")))
                .hasMessageContaining("has no valid port");
        assertThatThrownBy(() -> read(Map.of("DF_NOTIFY_CREATE_SERVICE_URL", "https://proxy/r")))
                .hasMessageContaining("uses https://");
        assertThatThrownBy(() -> read(Map.of("DF_NOTIFY_CREATE_SERVICE_URL", "http://proxy/r",
                "DF_NOTIFY_CREATE_SERVICE_METHOD", "GET,PO ST")))
                .hasMessage("DF_NOTIFY_CREATE_SERVICE_METHOD=GET,PO ST is not valid: 'PO ST' is not an HTTP method;"
                        + " write a comma-separated list such as GET or GET,POST");
    }
}
