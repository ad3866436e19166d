package dev.swarmgate.config.dfp;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HandOverSettingsTest {

    @Test
    void defaultsBindThePortsAndDrainWithinDockersStopGrace() {
        HandOverSettings settings = HandOverSettings.read(Map.of());
        assertThat(settings.takeOver()).isFalse();
        assertThat(settings.drainTimeout()).isEqualTo(Duration.ofSeconds(8)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void readsTakeOverAndAGoDurationDrainTimeout() {
        HandOverSettings settings = HandOverSettings.read(Map.of("TAKE_OVER", "TRUE", "DRAIN_TIMEOUT", "1m30s"));
        assertThat(settings.takeOver()).isTrue();
        assertThat(settings.drainTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(HandOverSettings.read(Map.of("DRAIN_TIMEOUT", "0s")).drainTimeout()).isZero();
    }

    @Test
    void rejectsAMalformedTakeOverNamingTheVariable() {
        assertThatThrownBy(() -> HandOverSettings.read(Map.of("TAKE_OVER", "yes")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TAKE_OVER=yes is not a boolean").hasMessageContaining("use true");
    }

    @Test
    void rejectsADrainTimeoutWithoutUnit() {
        assertThatThrownBy(() -> HandOverSettings.read(Map.of("DRAIN_TIMEOUT", "8")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DRAIN_TIMEOUT=8 is not a duration").hasMessageContaining("8s");
    }
}
