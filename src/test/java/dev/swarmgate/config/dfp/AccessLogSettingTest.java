package dev.swarmgate.config.dfp;

import dev.swarmgate.config.AccessLogSettings;
import dev.swarmgate.config.AccessLogSettings.Format;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessLogSettingTest {

    @Test
    void isOffByDefault() {
        assertThat(AccessLogSetting.read(Map.of())).isEqualTo(AccessLogSettings.OFF);
    }

    @Test
    void accessLogNamesTheFormat() {
        assertThat(AccessLogSetting.read(Map.of("ACCESS_LOG", "json")).format()).isEqualTo(Format.JSON);
        assertThat(AccessLogSetting.read(Map.of("ACCESS_LOG", "Common")).format()).isEqualTo(Format.COMMON);
        assertThat(AccessLogSetting.read(Map.of("ACCESS_LOG", "off", "DEBUG", "true")).format())
                .isEqualTo(Format.OFF);
    }

    @Test
    void dfpDebugTurnsOnTheCommonFormatAndDebugErrorsOnlyKeepsErrors() {
        AccessLogSettings settings = AccessLogSetting.read(Map.of("DEBUG", "true", "DEBUG_ERRORS_ONLY", "true"));

        assertThat(settings.format()).isEqualTo(Format.COMMON);
        assertThat(settings.errorsOnly()).isTrue();
        assertThat(AccessLogSetting.read(Map.of("DEBUG", "false")).enabled()).isFalse();
    }

    @Test
    void accessLogErrorsOnlyWinsOverDebugErrorsOnly() {
        AccessLogSettings settings = AccessLogSetting.read(Map.of("ACCESS_LOG", "json",
                "ACCESS_LOG_ERRORS_ONLY", "false", "DEBUG_ERRORS_ONLY", "true"));

        assertThat(settings.errorsOnly()).isFalse();
    }

    @Test
    void malformedValuesNameTheVariableAndTheValuesItTakes() {
        assertThatThrownBy(() -> AccessLogSetting.read(Map.of("ACCESS_LOG", "yaml")))
                .hasMessageContaining("ACCESS_LOG=yaml is not valid: use json");
        assertThatThrownBy(() -> AccessLogSetting.read(Map.of("DEBUG", "yes")))
                .hasMessageContaining("DEBUG=yes is not valid: use true");
        assertThatThrownBy(() -> AccessLogSetting.read(Map.of("ACCESS_LOG", "json", "ACCESS_LOG_QUEUE", "0")))
                .hasMessageContaining("ACCESS_LOG_QUEUE=0 is not valid: use a whole number of lines from 1");
        assertThat(AccessLogSetting.read(Map.of("ACCESS_LOG", "json", "ACCESS_LOG_QUEUE", "10")).queue())
                .isEqualTo(10);
    }
}
