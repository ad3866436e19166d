package dev.swarmgate.config.dfp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LabelWordingTest {

    @Test
    void namesTheLabelAsTheUserWroteItIndexOrNot() {
        assertThat(LabelWording.of("port=abc is not a port; use port=8080"))
                .isEqualTo("com.df.port=abc is not a port; use com.df.port=8080");
        assertThat(LabelWording.of("port.1=abc is not a port")).isEqualTo("com.df.port.1=abc is not a port");
    }

    @Test
    void proseWordsStayAndServiceNameAndReplicasComeFromTheSwarm() {
        assertThat(LabelWording.of("serviceName web: reqMode=tcp needs srcPort (the port clients connect to);"
                + " replicas=x"))
                .isEqualTo("serviceName web: com.df.reqMode=tcp needs srcPort (the port clients connect to);"
                        + " replicas=x");
    }

    @Test
    void aCamelCaseParameterNamedElsewhereInTheMessageIsALabelThereToo() {
        assertThat(LabelWording.of("healthCheck=/health is not a boolean: healthCheck turns health checks on or off,"
                + " and the path goes in healthCheckPath; use healthCheck=true&healthCheckPath=/health"))
                .isEqualTo("com.df.healthCheck=/health is not a boolean: com.df.healthCheck turns health checks on or"
                        + " off, and the path goes in com.df.healthCheckPath; use com.df.healthCheck=true and"
                        + " com.df.healthCheckPath=/health");
    }

    @Test
    void valuesAndEnvironmentVariablesAreNotLabels() {
        assertThat(LabelWording.of("servicePath=/a?b=c needs PROXY_INSTANCE_NAME=edge"))
                .isEqualTo("com.df.servicePath=/a?b=c needs PROXY_INSTANCE_NAME=edge");
    }
}
