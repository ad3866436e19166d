package dev.swarmgate.config.dfp;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class GoBooleanTest {

    @ParameterizedTest
    @ValueSource(strings = {"1", "t", "T", "TRUE", "true", "True"})
    void goTrueSpellingsAreTrue(String text) {
        assertThat(GoBoolean.parse(text)).contains(true);
        assertThat(GoBoolean.isTrue(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "f", "F", "FALSE", "false", "False"})
    void goFalseSpellingsAreFalse(String text) {
        assertThat(GoBoolean.parse(text)).contains(false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "on", "tRUE", "2", "", " true"})
    void otherSpellingsAreInvalidAndCountAsFalse(String text) {
        assertThat(GoBoolean.parse(text)).isEmpty();
        assertThat(GoBoolean.isTrue(text)).isFalse();
    }
}
