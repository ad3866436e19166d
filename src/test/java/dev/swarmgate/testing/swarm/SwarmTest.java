package dev.swarmgate.testing.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The swarm fixture against the real engine: what the scenario tests rely on it for. */
@Tag("swarm")
class SwarmTest {

    @RegisterExtension
    static final Swarm swarm = new Swarm();

    @Test
    void removesEveryServiceNetworkAndVolumeItCreated() {
        Swarm own = new Swarm();
        own.start();
        own.create(ServiceSpec.backend("web").volumeMount(own.volume("data"), "/data")).awaitRunning(1);
        own.createNetwork("extra");

        own.close();

        String prefix = own.prefix();
        assertThat(names(prefix, "service", "ls", "--format", "{{.Name}}")).as("services").isEmpty();
        // The engine stops the tasks' containers and detaches them from the network in the background (~3-7 s).
        await("containers and networks named " + prefix + "* gone").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    assertThat(names(prefix, "ps", "--all", "--format", "{{.Names}}")).as("containers").isEmpty();
                    assertThat(names(prefix, "network", "ls", "--format", "{{.Name}}")).as("networks").isEmpty();
                    assertThat(names(prefix, "volume", "ls", "--format", "{{.Name}}")).as("volumes").isEmpty();
                });
    }

    @Test
    void runningTasksHaveAnAddressOnTheTestNetwork() {
        Service web = swarm.create(ServiceSpec.backend("addressed").replicas(2));

        List<Task> tasks = web.awaitRunning(2);

        assertThat(tasks).allSatisfy(t -> assertThat(t.addresses(swarm.network())).singleElement()
                .asString().matches("\\d+\\.\\d+\\.\\d+\\.\\d+"));
        assertThat(tasks).extracting(Task::hostname).doesNotHaveDuplicates().allMatch(h -> h.length() == 12);
        assertThat(web.runningAddresses()).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void scalingAndARollingUpdateAreAwaited() {
        Service web = swarm.create(ServiceSpec.backend("rolled").startFirst());
        String before = web.awaitRunning(1).getFirst().id();

        web.scale(2);
        assertThat(web.awaitRunning(2)).extracting(Task::id).contains(before);

        Instant since = web.update("--env-add", "ROLLED=1");
        web.awaitUpdateCompleted(since);

        assertThat(web.awaitRunning(2)).extracting(Task::id).doesNotContain(before);
    }

    @Test
    void aTaskThatNeverRunsFailsTheWaitWithItsTaskHistory() {
        Service broken = swarm.create(ServiceSpec.backend("broken").flags("--entrypoint", "/nonexistent"));
        await("the engine reports the failed start").atMost(Duration.ofSeconds(60))
                .until(() -> DockerCli.run("service", "ps", "--no-trunc", broken.name()).contains("/nonexistent"));

        assertThatThrownBy(() -> broken.awaitRunning(1, Duration.ofSeconds(1)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("no 1 running task(s) within PT1S")
                .hasMessageContaining("docker service ps --no-trunc " + broken.name())
                .hasMessageContaining("/nonexistent");
    }

    /** What a docker listing command ({@code --format} naming the name field) prints that starts with the prefix. */
    private static List<String> names(String prefix, String... listing) {
        List<String> command = new ArrayList<>(List.of(listing));
        command.addAll(List.of("--filter", "name=" + prefix));
        return DockerCli.lines(DockerCli.run(DockerCli.DEFAULT_TIMEOUT, command)).stream()
                .filter(n -> n.startsWith(prefix)).toList();
    }
}
