package dev.swarmgate.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.swarmgate.testing.swarm.Swarm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's calls against the real engine through a {@link CountingRelay} on a socket of the test's own, which
 * counts the connections the client opens and drops them on demand. The engine must be a swarm manager on a Unix
 * socket (docs/testing-swarm.md); run with {@code -Pswarm}.
 */
@Tag("swarm")
class DockerClientKeepAliveTest {

    @RegisterExtension
    static final Swarm swarm = new Swarm();

    @TempDir
    Path dir;

    Path engineSocket;

    @BeforeEach
    void findTheEngine() {
        DockerEndpoint engine = DockerEndpoint.fromEnvironment(System.getenv());
        Assumptions.assumeTrue(engine.isUnix(), "the relay forwards to a Unix socket; the engine is at " + engine);
        engineSocket = Path.of(engine.socketPath());
    }

    @Test
    void callsShareOneConnection() throws Exception {
        try (CountingRelay relay = new CountingRelay(dir.resolve("relay.sock"), engineSocket);
             DockerClient client = new DockerClient(relay.endpoint())) {
            for (int i = 0; i < 20; i++) {
                assertThat(client.nodes().join()).isNotEmpty();
            }
            client.services().join();

            assertThat(relay.accepted()).isEqualTo(1); // /version, 20 node listings and a service listing
        }
    }

    @Test
    void aConnectionTheEngineClosedIsReplacedWithoutFailingTheNextCall() throws Exception {
        try (CountingRelay relay = new CountingRelay(dir.resolve("relay.sock"), engineSocket);
             DockerClient client = new DockerClient(relay.endpoint())) {
            client.nodes().join();

            relay.dropConnections();
            await().atMost(Duration.ofSeconds(5)).until(() -> relay.open() == 0);

            assertThat(client.nodes().join()).isNotEmpty();
            assertThat(relay.accepted()).isEqualTo(2);
        }
    }

    @Test
    void aConnectionClosedAsTheCallIsSentIsRetriedOnANewOne() throws Exception {
        try (CountingRelay relay = new CountingRelay(dir.resolve("relay.sock"), engineSocket);
             DockerClient client = new DockerClient(relay.endpoint())) {
            client.nodes().join();

            relay.dropOnNextRequest();

            assertThat(client.nodes().join()).isNotEmpty();
            assertThat(relay.accepted()).isEqualTo(2);
        }
    }

    @Test
    void aCallAfterTheSocketWentAwaySaysSoAsBefore() throws Exception {
        Path socket = dir.resolve("relay.sock");
        try (DockerClient client = new DockerClient(DockerEndpoint.unix(socket.toString()))) {
            try (CountingRelay relay = new CountingRelay(socket, engineSocket)) {
                client.nodes().join();
            }

            assertThatThrownBy(() -> client.nodes().join())
                    .isInstanceOf(CompletionException.class)
                    .cause()
                    .isInstanceOf(DockerUnavailableException.class)
                    .hasMessageStartingWith("Docker socket " + socket + " does not exist (ENOENT). Mount it");
        }
    }
}
