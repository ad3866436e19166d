package dev.swarmgate.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Maps responses captured from a real engine: dockerd 20.10.24+dfsg1 (API 1.41) run here as a one-node swarm on
 * 2026-11-21; see src/test/resources/docker/README.md for how they were made.
 */
class EngineJsonMappingTest {

    static byte[] captured(String name) {
        try (InputStream in = EngineJsonMappingTest.class.getResourceAsStream("/docker/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void servicesCarryLabelsVersionAndMode() {
        List<SwarmService> services = EngineJson.list(EngineJson.read(captured("services.json")),
                SwarmService::fromJson);

        assertThat(services).containsExactly(
                new SwarmService("e6wj51an1mig28h5je4nxfpqj", "web",
                        Map.of("com.df.notify", "true", "com.df.servicePath", "/web"), 15,
                        SwarmService.Mode.REPLICATED, 1, "vip", "swarmgate/empty:dev"),
                new SwarmService("zikl6xvbr3scv5g0aedfyeoow", "glob", Map.of("com.df.notify", "true"), 17,
                        SwarmService.Mode.GLOBAL, 0, "vip", "swarmgate/empty:dev"));
    }

    @Test
    void tasksCarryTheirAddressesWithoutPrefixLength() {
        List<SwarmTask> tasks = EngineJson.list(EngineJson.read(captured("tasks.json")), SwarmTask::fromJson);

        SwarmTask web = tasks.stream().filter(t -> t.serviceId().equals("e6wj51an1mig28h5je4nxfpqj")).findFirst()
                .orElseThrow();
        assertThat(web.id()).isEqualTo("j6syg4a42ohfetdmih09h63yk");
        assertThat(web.nodeId()).isEqualTo("xuf4m4geb1fjphja5dljlzo53");
        assertThat(web.slot()).isEqualTo(1);
        assertThat(web.desiredState()).isEqualTo("shutdown");
        assertThat(web.state()).isEqualTo("failed");
        assertThat(web.isRunning()).isFalse();
        assertThat(web.containerId()).isEqualTo(
                "55523bc0fea22ea192c2f470a245afc324b32d9918e4df14fe81a71b31b39628");
        assertThat(web.networkAttachments()).containsExactly(
                new NetworkAttachment("i9ngk08w8wpezhhnjfzxm7p9f", "sg-probe", List.of("10.0.1.3")));
    }

    @Test
    void globalTaskHasNoSlotAndNoAttachments() {
        List<SwarmTask> tasks = EngineJson.list(EngineJson.read(captured("tasks.json")), SwarmTask::fromJson);

        SwarmTask glob = tasks.stream().filter(t -> t.serviceId().equals("zikl6xvbr3scv5g0aedfyeoow")).findFirst()
                .orElseThrow();
        assertThat(glob.slot()).isZero();
        assertThat(glob.networkAttachments()).isEmpty();
    }

    @Test
    void nodesCarryRoleStateAndLeadership() {
        List<SwarmNode> nodes = EngineJson.list(EngineJson.read(captured("nodes.json")), SwarmNode::fromJson);

        assertThat(nodes).containsExactly(new SwarmNode("xuf4m4geb1fjphja5dljlzo53", "vm", "manager", "active",
                "ready", "127.0.0.1", true, 30, Map.of(), Map.of()));
    }

    @Test
    void nodesCarryTheirNodeAndEngineLabels() {
        byte[] json = """
                [{"ID": "n1", "Version": {"Index": 7},
                  "Spec": {"Labels": {"com.df.zone": "a"}, "Role": "worker", "Availability": "drain"},
                  "Description": {"Hostname": "w1", "Engine": {"Labels": {"com.df.rack": "r2"}}},
                  "Status": {"State": "down", "Addr": "10.0.0.9"}}]
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8);

        List<SwarmNode> nodes = EngineJson.list(EngineJson.read(json), SwarmNode::fromJson);

        assertThat(nodes).containsExactly(new SwarmNode("n1", "w1", "worker", "drain", "down", "10.0.0.9", false, 7,
                Map.of("com.df.zone", "a"), Map.of("com.df.rack", "r2")));
    }

    @Test
    void versionIsTheEngineApiVersionNegotiatedDownToOurs() {
        String engine = EngineJson.text(EngineJson.read(captured("version.json")), "ApiVersion");

        assertThat(engine).isEqualTo("1.41");
        assertThat(ApiVersion.negotiate(ApiVersion.parse(engine))).isEqualTo(new ApiVersion(1, 41));
        assertThat(ApiVersion.negotiate(new ApiVersion(1, 51))).isEqualTo(ApiVersion.CLIENT);
    }

    @Test
    void engineErrorBodyGivesItsMessage() {
        byte[] body = "{\"message\":\"This node is not a swarm manager.\"}\n".getBytes();

        assertThat(EngineJson.errorMessage(body)).isEqualTo("This node is not a swarm manager.");
        assertThat(EngineJson.errorMessage("page not found".getBytes())).isEqualTo("page not found");
    }
}
