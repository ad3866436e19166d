package dev.swarmgate.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The client against the real engine at DF_DOCKER_HOST/DOCKER_HOST (default /var/run/docker.sock), which must be
 * a swarm manager running the {@code web} service from docs/docker-api.md ("Development engine"). Run with
 * {@code -Dgroups=swarm -DexcludedGroups=none}.
 */
@Tag("swarm")
class DockerClientSwarmTest {

    static DockerClient client;

    @BeforeAll
    static void connect() {
        client = new DockerClient(DockerEndpoint.fromEnvironment(System.getenv()));
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
                .filteredOn(a -> a.networkName().equals("sg-probe"))
                .flatMap(NetworkAttachment::addresses)
                .isNotEmpty()
                .allSatisfy(ip -> assertThat(ip).matches("\\d+\\.\\d+\\.\\d+\\.\\d+"));
    }

    @Test
    void filtersTasksByDesiredState() {
        List<SwarmTask> shutdown = client.tasks(Map.of("service", List.of("web"),
                "desired-state", List.of("shutdown"))).join();

        assertThat(shutdown).allSatisfy(t -> assertThat(t.desiredState()).isEqualTo("shutdown"));
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
        return client.services().join().stream().filter(s -> s.name().equals("web")).findFirst()
                .orElseThrow(() -> new AssertionError("no service named web; create it as docs/docker-api.md says"));
    }
}
