package dev.swarmgate.config.dfp;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DiscoverySettingsTest {

    @Test
    void defaultsWatchWhenDockerIsThereListTasksFourTimesASecondAndRelistEveryThirtySeconds() {
        DiscoverySettings settings = DiscoverySettings.read(Map.of());

        assertThat(settings).isEqualTo(new DiscoverySettings(DiscoverySettings.Mode.AUTO, NotifyLabel.DEFAULT,
                Duration.ofMillis(250), Duration.ofSeconds(30)));
    }

    @Test
    void readsEveryVariable() {
        DiscoverySettings settings = DiscoverySettings.read(Map.of("SWARM_DISCOVERY", "off", "DF_NOTIFY_LABEL",
                "edge=true", "SWARM_TASK_INTERVAL", "1s", "DF_SERVICE_POLLING_INTERVAL", "5"));

        assertThat(settings).isEqualTo(new DiscoverySettings(DiscoverySettings.Mode.OFF,
                new NotifyLabel("edge", "true"), Duration.ofSeconds(1), Duration.ofSeconds(5)));
        assertThat(DiscoverySettings.read(Map.of("DF_SERVICE_POLLING_INTERVAL", "-1")).relistInterval())
                .isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void theIdleIntervalIsOneSecondUnlessSetAndNeverShorterThanTheTaskInterval() {
        assertThat(DiscoverySettings.read(Map.of()).idleTaskInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(DiscoverySettings.read(Map.of("SWARM_TASK_IDLE_INTERVAL", "3s")).idleTaskInterval())
                .isEqualTo(Duration.ofSeconds(3));
        assertThat(DiscoverySettings.read(Map.of("SWARM_TASK_INTERVAL", "2s")).idleTaskInterval())
                .as("a task interval above the idle default is both").isEqualTo(Duration.ofSeconds(2));
        assertThat(DiscoverySettings.read(Map.of("SWARM_TASK_IDLE_INTERVAL", "250ms")).idleTaskInterval())
                .as("one pace").isEqualTo(Duration.ofMillis(250));
        assertThatThrownBy(() -> DiscoverySettings.read(Map.of("SWARM_TASK_IDLE_INTERVAL", "100ms")))
                .hasMessageContaining("SWARM_TASK_IDLE_INTERVAL=100ms is shorter than SWARM_TASK_INTERVAL (250ms)");
        assertThatThrownBy(() -> DiscoverySettings.read(Map.of("SWARM_TASK_IDLE_INTERVAL", "often")))
                .hasMessageContaining("SWARM_TASK_IDLE_INTERVAL");
    }

    @Test
    void malformedValuesNameTheVariableAndTheFix() {
        assertThatThrownBy(() -> DiscoverySettings.read(Map.of("SWARM_DISCOVERY", "maybe")))
                .hasMessageContaining("SWARM_DISCOVERY=maybe").hasMessageContaining("auto");
        assertThatThrownBy(() -> DiscoverySettings.read(Map.of("SWARM_TASK_INTERVAL", "10ms")))
                .hasMessageContaining("too short");
        assertThatThrownBy(() -> DiscoverySettings.read(Map.of("SWARM_TASK_INTERVAL", "soon")))
                .hasMessageContaining("SWARM_TASK_INTERVAL").hasMessageContaining("500ms");
        assertThatThrownBy(() -> DiscoverySettings.read(Map.of("DF_SERVICE_POLLING_INTERVAL", "1m")))
                .hasMessageContaining("whole number of seconds");
    }
}
