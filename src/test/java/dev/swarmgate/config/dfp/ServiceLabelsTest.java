package dev.swarmgate.config.dfp;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** dfp-compat §5.3: labels become the parameters Docker Flow Swarm Listener sends. */
class ServiceLabelsTest {

    @Test
    void everyComDfLabelButTheNotifyLabelBecomesAParameterWithServiceNameReplicasAndDistribute() {
        Map<String, String> parameters = ServiceLabels.createParameters("go-demo", Map.of(
                "com.df.notify", "true", "com.df.servicePath", "/demo", "com.df.port", "8080",
                "com.df.serviceName", "ignored", "other.label", "x"), NotifyLabel.DEFAULT, OptionalLong.of(3));

        assertThat(parameters).containsExactly(Map.entry("distribute", "true"), Map.entry("port", "8080"),
                Map.entry("replicas", "3"), Map.entry("serviceName", "go-demo"), Map.entry("servicePath", "/demo"));
    }

    @Test
    void aSwarmNameWithAControlCharacterIsRefusedByTheParserTheLabelsGoThrough() {
        Map<String, String> parameters = ServiceLabels.createParameters("web\r\nINFO forged", Map.of(
                "com.df.notify", "true", "com.df.servicePath", "/web", "com.df.port", "80"),
                NotifyLabel.DEFAULT, OptionalLong.of(1));

        assertThatThrownBy(() -> new ServiceParameters(Query.settings()).parse(ServiceLabels.asRequest(parameters)))
                .isInstanceOf(dev.swarmgate.config.InvalidServiceException.class)
                .hasMessageStartingWith("serviceName has a control character (U+000D)");
    }

    @Test
    void globalServicesHaveNoReplicasAndADistributeLabelWins() {
        Map<String, String> parameters = ServiceLabels.createParameters("g", Map.of("com.df.distribute", "false"),
                NotifyLabel.DEFAULT, OptionalLong.empty());

        assertThat(parameters).containsExactly(Map.entry("distribute", "false"), Map.entry("serviceName", "g"));
    }

    @Test
    void shortNameDropsTheStackPrefixOnlyWhenAskedAndInAStack() {
        Map<String, String> stacked = Map.of("com.docker.stack.namespace", "shop", "com.df.shortName", "true");

        assertThat(ServiceLabels.serviceName("shop_web", stacked)).isEqualTo("web");
        assertThat(ServiceLabels.serviceName("shop_web", Map.of("com.docker.stack.namespace", "shop")))
                .isEqualTo("shop_web");
        assertThat(ServiceLabels.serviceName("other_web", stacked)).isEqualTo("other_web");
        assertThat(ServiceLabels.removeParameters("shop_web", stacked, NotifyLabel.DEFAULT))
                .doesNotContainKey("replicas").containsEntry("serviceName", "web")
                .doesNotContainKey("docker.stack.namespace");
    }

    @Test
    void theNotifyLabelMustSayTrueOrTheValueAskedFor() {
        assertThat(NotifyLabel.DEFAULT.marks(Map.of("com.df.notify", "TRUE"))).isTrue();
        assertThat(NotifyLabel.DEFAULT.marks(Map.of("com.df.notify", "false"))).isFalse();
        assertThat(NotifyLabel.DEFAULT.marks(Map.of())).isFalse();
        NotifyLabel team = NotifyLabel.parse("team=edge");
        assertThat(team.marks(Map.of("team", "edge"))).isTrue();
        assertThat(team.marks(Map.of("team", "core"))).isFalse();
        assertThat(NotifyLabel.parse(" ")).isEqualTo(NotifyLabel.DEFAULT);
        assertThatThrownBy(() -> NotifyLabel.parse("=x")).hasMessageContaining("DF_NOTIFY_LABEL");
    }

    @Test
    void aCustomNotifyLabelIsNotForwardedButComDfNotifyIsThenAnOrdinaryParameter() {
        Map<String, String> parameters = ServiceLabels.createParameters("s",
                Map.of("com.df.proxy", "yes", "com.df.notify", "true"), NotifyLabel.parse("com.df.proxy=yes"),
                OptionalLong.of(1));

        assertThat(parameters).doesNotContainKey("proxy").containsEntry("notify", "true");
    }
}
