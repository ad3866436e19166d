package dev.swarmgate.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarmgate.testing.swarm.Service;
import dev.swarmgate.testing.swarm.ServiceSpec;
import dev.swarmgate.testing.swarm.Swarm;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client against the real engine at DF_DOCKER_HOST/DOCKER_HOST (default /var/run/docker.sock), which must be
 * a swarm manager (docs/testing-swarm.md); the test creates its own labelled {@code web} service. Run with
 * {@code -Pswarm}.
 */
@Tag("swarm")
class DockerClientSwarmTest {

    @RegisterExtension
    static final Swarm swarm = new Swarm();

    static DockerClient client;
    static Service webService;

    @BeforeAll
    static void connect() {
        client = new DockerClient(DockerEndpoint.fromEnvironment(System.getenv()));
        webService = swarm.create(ServiceSpec.backend("web")
                .label("com.df.notify", "true").label("com.df.servicePath", "/web"));
        webService.awaitRunning(1);
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void negotiatesAVersionTheEngineSpeaks() {
        ApiVersion version = client.apiVersion().join();

        assertThat(version).isLessThanOrEqualTo(ApiVersion.CLIENT).isGreaterThanOrEqualTo(ApiVersion.MINIMUM);
    }

    @Test
    void listsTheWebServiceWithItsLabels() {
        SwarmService web = web();

        assertThat(web.labels()).containsEntry("com.df.notify", "true").containsEntry("com.df.servicePath", "/web");
        assertThat(web.mode()).isEqualTo(SwarmService.Mode.REPLICATED);
        assertThat(web.replicas()).isEqualTo(1);
        assertThat(web.versionIndex()).isPositive();
    }

    @Test
    void listsTasksOfTheWebServiceWithTheirOverlayAddress() {
        List<SwarmTask> tasks = client.tasks(web().id()).join();

        assertThat(tasks).isNotEmpty().allSatisfy(t -> assertThat(t.serviceId()).isEqualTo(web().id()));
        assertThat(tasks).flatMap(SwarmTask::networkAttachments)
                .filteredOn(a -> a.networkName().equals(swarm.network()))
                .flatMap(NetworkAttachment::addresses)
                .isNotEmpty()
                .allSatisfy(ip -> assertThat(ip).matches("\\d+\\.\\d+\\.\\d+\\.\\d+"));
    }

    @Test
    void filtersTasksByDesiredState() {
        List<SwarmTask> running = client.tasks(Map.of("service", List.of(webService.name()),
                "desired-state", List.of("running"))).join();
        List<SwarmTask> shutdown = client.tasks(Map.of("service", List.of(webService.name()),
                "desired-state", List.of("shutdown"))).join();

        assertThat(running).singleElement().satisfies(t -> assertThat(t.desiredState()).isEqualTo("running"));
        assertThat(shutdown).isEmpty();
    }

    @Test
    void listsThisNodeAsALeadingManager() {
        List<SwarmNode> nodes = client.nodes().join();

        assertThat(nodes).anySatisfy(n -> {
            assertThat(n.role()).isEqualTo("manager");
            assertThat(n.leader()).isTrue();
            assertThat(n.state()).isEqualTo("ready");
        });
    }

    @Test
    void missingSocketPathGivesTheClearMessage() {
        try (DockerClient missing = new DockerClient(DockerEndpoint.unix("/var/run/no-such-docker.sock"))) {
            assertThatThrownBy(() -> missing.nodes().join())
                    .cause()
                    .isInstanceOf(DockerUnavailableException.class)
                    .hasMessageStartingWith("Docker socket /var/run/no-such-docker.sock does not exist (ENOENT)");
        }
    }

    static SwarmService web() {
        return client.services().join().stream().filter(s -> s.name().equals(webService.name())).findFirst()
                .orElseThrow(() -> new AssertionError("the engine lists no service " + webService.name()));
    }
}
