package dev.swarmgate.docker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Framing and failures of the {@code /events} stream against {@link FakeEngine} (a real engine's stream is exercised
 * by the swarm tier); the fake sends whole bodies, so the framing must split objects that arrive together.
 */
class EventStreamTest {

    private static final String VERSION = "{\"ApiVersion\":\"1.43\",\"Version\":\"24.0.0\"}";

    @TempDir
    Path dir;

    @Test
    void splitsEveryJsonObjectIntoAnEventAndEndsWhenTheEngineCloses() throws Exception {
        String body = "{\"Type\":\"service\",\"Action\":\"create\",\"Actor\":{\"ID\":\"abc\",\"Attributes\":"
                + "{\"name\":\"web\"}},\"timeNano\":17}\n"
                + "{\"Type\":\"service\",\"Action\":\"remove\",\"Actor\":{\"ID\":\"abc\",\"Attributes\":"
                + "{\"name\":\"web\"}},\"timeNano\":18}\n";
        try (FakeEngine engine = new FakeEngine(dir.resolve("e.sock"));
             DockerClient client = new DockerClient(engine.endpoint())) {
            engine.answer("/version", 200, VERSION).answer("/v1.43/events", 200, body);
            List<DockerEvent> seen = new CopyOnWriteArrayList<>();

            EventStream stream = client.events(Map.of("type", List.of("service")), seen::add);

            stream.opened().get(5, TimeUnit.SECONDS);
            assertThatThrownBy(() -> stream.ended().get(5, TimeUnit.SECONDS)).hasMessageContaining("ended");
            assertThat(seen).containsExactly(new DockerEvent("service", "create", "abc", "web", 17),
                    new DockerEvent("service", "remove", "abc", "web", 18));
            assertThat(engine.requests).last().asString()
                    .startsWith("/v1.43/events?filters=").contains("%22type%22%3A%5B%22service%22%5D");
        }
    }

    @Test
    void anErrorStatusFailsTheStreamWithTheEngineMessage() throws Exception {
        try (FakeEngine engine = new FakeEngine(dir.resolve("e.sock"));
             DockerClient client = new DockerClient(engine.endpoint())) {
            engine.answer("/version", 200, VERSION)
                    .answer("/v1.43/events", 500, "{\"message\":\"events are broken\"}");

            EventStream stream = client.events(Map.of(), event -> { });

            assertThatThrownBy(() -> stream.opened().join()).isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(DockerApiException.class).hasMessageContaining("events are broken");
        }
    }

    @Test
    void aMissingEngineFailsTheStreamWithTheSocketFix() {
        try (DockerClient client = new DockerClient(DockerEndpoint.unix(dir.resolve("none.sock").toString()))) {
            EventStream stream = client.events(Map.of(), event -> { });

            assertThatThrownBy(() -> stream.ended().join()).cause()
                    .isInstanceOf(DockerUnavailableException.class).hasMessageContaining("does not exist");
        }
    }

    @Test
    void closingEndsTheStreamNormally() throws Exception {
        try (FakeEngine engine = new FakeEngine(dir.resolve("e.sock"));
             DockerClient client = new DockerClient(engine.endpoint())) {
            engine.answer("/version", 200, VERSION).answer("/v1.43/events", FakeEngine.SILENT, "");
            EventStream stream = client.events(Map.of(), event -> { });
            org.awaitility.Awaitility.await().until(() -> engine.requests.size() == 2);

            stream.close();

            assertThat(stream.ended().get(5, TimeUnit.SECONDS)).isNull();
        }
    }
}
