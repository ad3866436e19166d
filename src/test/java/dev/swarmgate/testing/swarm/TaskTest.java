package dev.swarmgate.testing.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Reading a task from {@code docker inspect --type task}, captured from dockerd 20.10.24 (a backend task). */
class TaskTest {

    @Test
    void readsStateContainerAddressesAndPublishedPortOfACapturedTask() throws IOException {
        Task task = Task.fromInspect(captured().get(0));

        assertThat(task.id()).isEqualTo("xrm9l3bx9s3srlml3ff09gj46");
        assertThat(task.isRunning()).isTrue();
        assertThat(task.desiredState()).isEqualTo("running");
        assertThat(task.slot()).isEqualTo(1);
        assertThat(task.hostname()).isEqualTo("fba613b2a507");
        assertThat(task.addresses("sgprobe-net")).containsExactly("10.0.27.3");
        assertThat(task.addresses("elsewhere")).isEmpty();
        assertThat(task.publishedPort(8080)).hasValue(32770);
        assertThat(task.publishedPort(80)).isEmpty();
        assertThat(task.stateSince()).isEqualTo(Instant.parse("2026-11-21T21:12:31.135178369Z"));
    }

    @Test
    void aTaskWithoutContainerOrNetworksHasNeither() throws IOException {
        JsonNode pending = new ObjectMapper().readTree("""
                {"ID": "t1", "Slot": 2, "DesiredState": "running", "Status": {"State": "pending"}}""");

        Task task = Task.fromInspect(pending);

        assertThat(task.isRunning()).isFalse();
        assertThat(task.hostname()).isEmpty();
        assertThat(task.addressesByNetwork()).isEmpty();
        assertThat(task.publishedPorts()).isEmpty();
        assertThat(task.stateSince()).isEqualTo(Instant.EPOCH);
    }

    private static JsonNode captured() throws IOException {
        try (InputStream in = TaskTest.class.getResourceAsStream("/swarm/inspect-task.json")) {
            return new ObjectMapper().readTree(in);
        }
    }
}
