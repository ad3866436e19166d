package dev.swarmgate.config.dfp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ParameterViewTest {

    @Test
    void serviceLevelLookupIgnoresLetterCase() {
        assertThat(new ParameterView(Query.of("SERVICENAME=a")).service("serviceName")).contains("a");
    }

    @Test
    void serviceLevelLookupPrefersTheExactSpelling() {
        assertThat(new ParameterView(Query.of("servicename=a&serviceName=b")).service("serviceName")).contains("b");
    }

    @Test
    void serviceLevelLookupTakesTheLastValueLikeGorillaSchema() {
        assertThat(new ParameterView(Query.of("aclName=a&aclName=b")).service("aclName")).contains("b");
    }

    @Test
    void destinationLevelLookupIsCaseSensitive() {
        assertThat(new ParameterView(Query.of("PORT=80")).exact("port")).isEmpty();
    }

    @Test
    void destinationLevelLookupTakesTheFirstValueLikeUrlValuesGet() {
        assertThat(new ParameterView(Query.of("port=80&port=81")).exact("port")).contains("80");
    }

    @Test
    void blankValuesCountAsAbsent() {
        ParameterView view = new ParameterView(Query.of("port=%20&aclName=".replace("%20", " ")));
        assertThat(view.exact("port")).isEmpty();
        assertThat(view.service("aclName")).isEmpty();
    }
}
