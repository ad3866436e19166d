package dev.swarmgate.discovery;

import dev.swarmgate.config.dfp.NotifyLabel;
import dev.swarmgate.docker.SwarmService;
import dev.swarmgate.testing.LogCapture;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which services carry routing labels on their containers instead of on the service, and how often that is said. */
class MisplacedLabelsTest {

    private final MisplacedLabels check = new MisplacedLabels(NotifyLabel.DEFAULT);

    @Test
    void anUnmarkedServiceWithComDfContainerLabelsIsWarnedOnceNamingTheLabelsButNotTheirValuesAndTheFix() {
        SwarmService web = service("web", Map.of(), Map.of("com.df.notify", "true", "com.df.servicePath", "/web",
                "com.df.users", "admin:s3cret", "org.opencontainers.image.title", "web"));
        try (LogCapture log = LogCapture.of(MisplacedLabels.class)) {
            check.servicesListed(List.of(web));
            check.servicesListed(List.of(web));
            check.servicesListed(List.of(web));

            assertThat(log.lines()).singleElement().isEqualTo("Swarm service web has com.df.notify,"
                    + " com.df.servicePath, com.df.users as container labels, not service labels: the proxy reads"
                    + " service labels only, so it does not route web. Move them to the service: in a stack file"
                    + " under the service's deploy: labels: (not its labels:), or docker service update --label-add"
                    + " com.df.notify=true --label-add com.df.servicePath=<value> --label-add com.df.users=<value>"
                    + " web (docker service create --label, not --container-label).");
        }
    }

    @Test
    void aMarkedServiceIsWarnedAboutTheContainerLabelsItsServiceLabelsLack() {
        SwarmService web = service("web", Map.of("com.df.notify", "true", "com.df.port", "8080"),
                Map.of("com.df.notify", "true", "com.df.servicePath", "/web", "com.df.port", "8080"));

        assertThat(check.misplaced(web)).containsExactly("com.df.servicePath");
        try (LogCapture log = LogCapture.of(MisplacedLabels.class)) {
            check.servicesListed(List.of(web));
            assertThat(log.lines()).singleElement().asString().startsWith("Swarm service web has com.df.servicePath"
                    + " as container labels, not service labels: the proxy reads service labels only, so it routes"
                    + " web without them.");
        }
    }

    @Test
    void labelsOnBothOrOnlyOnTheServiceAndOtherContainerLabelsAreFine() {
        Map<String, String> routing = Map.of("com.df.notify", "true", "com.df.servicePath", "/web");
        try (LogCapture log = LogCapture.of(MisplacedLabels.class)) {
            check.servicesListed(List.of(service("both", routing, routing), service("service", routing, Map.of()),
                    service("other", Map.of(), Map.of("traefik.enable", "true"))));

            assertThat(log.lines()).isEmpty();
        }
    }

    @Test
    void aNewSetOfMisplacedLabelsOrTheSameMistakeMadeAgainAfterAFixIsWarnedAgain() {
        SwarmService wrong = service("web", Map.of(), Map.of("com.df.notify", "true"));
        SwarmService wronger = service("web", Map.of(), Map.of("com.df.notify", "true", "com.df.port", "80"));
        SwarmService fixed = service("web", Map.of("com.df.notify", "true"), Map.of("com.df.notify", "true"));
        try (LogCapture log = LogCapture.of(MisplacedLabels.class)) {
            check.servicesListed(List.of(wrong));
            check.servicesListed(List.of(wronger));
            check.servicesListed(List.of(fixed));
            check.servicesListed(List.of(wronger));

            assertThat(log.lines()).hasSize(3);
        }
    }

    @Test
    void anotherNotifyLabelIsRecognisedOnContainersToo() {
        MisplacedLabels custom = new MisplacedLabels(NotifyLabel.parse("proxy.notify=yes"));

        assertThat(custom.misplaced(service("web", Map.of(), Map.of("proxy.notify", "yes"))))
                .containsExactly("proxy.notify");
    }

    private static SwarmService service(String name, Map<String, String> labels, Map<String, String> containerLabels) {
        return new SwarmService("id-" + name, name, labels, 1, SwarmService.Mode.REPLICATED, 1, "vip", "img",
                containerLabels);
    }
}
