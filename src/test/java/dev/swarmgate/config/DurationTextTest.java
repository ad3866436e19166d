package dev.swarmgate.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationTextTest {

    @Test
    void readsGoDurations() {
        assertThat(DurationText.parseGo("3s")).isEqualTo(Duration.ofSeconds(3));
        assertThat(DurationText.parseGo("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationText.parseGo("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(DurationText.parseGo("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationText.parseGo("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThat(DurationText.parseGo("250us")).isEqualTo(Duration.ofNanos(250_000));
        assertThat(DurationText.parseGo("0")).isEqualTo(Duration.ZERO);
    }

    @Test
    void rejectsGoDurationsWithoutAUnit() {
        assertThatThrownBy(() -> DurationText.parseGo("3")).hasMessageContaining("e.g. 3s, 500ms");
        assertThatThrownBy(() -> DurationText.parseGo("3 s")).hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> DurationText.parseGo("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> DurationText.parseGo("3d")).hasMessageContaining("is not a duration");
    }

    @Test
    void readsHaproxyTimesWhereABareNumberIsMilliseconds() {
        assertThat(DurationText.parseHaproxy("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(DurationText.parseHaproxy("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationText.parseHaproxy("1500")).isEqualTo(Duration.ofMillis(1500));
        assertThat(DurationText.parseHaproxy("1d")).isEqualTo(Duration.ofDays(1));
        assertThatThrownBy(() -> DurationText.parseHaproxy("5 minutes")).hasMessageContaining("e.g. 5m, 30s");
    }
}
