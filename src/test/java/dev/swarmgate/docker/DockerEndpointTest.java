package dev.swarmgate.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerEndpointTest {

    @Test
    void defaultsToTheLocalUnixSocket() {
        DockerEndpoint endpoint = DockerEndpoint.fromEnvironment(Map.of());

        assertThat(endpoint.isUnix()).isTrue();
        assertThat(endpoint.socketPath()).isEqualTo("/var/run/docker.sock");
        assertThat(endpoint).hasToString("unix:///var/run/docker.sock");
    }

    @Test
    void dfDockerHostWinsOverDockerHost() {
        DockerEndpoint endpoint = DockerEndpoint.fromEnvironment(
                Map.of("DF_DOCKER_HOST", "tcp://manager1:2376", "DOCKER_HOST", "unix:///other.sock"));

        assertThat(endpoint).isEqualTo(DockerEndpoint.tcp("manager1", 2376));
    }

    @Test
    void blankDfDockerHostCountsAsUnset() {
        DockerEndpoint endpoint = DockerEndpoint.fromEnvironment(
                Map.of("DF_DOCKER_HOST", " ", "DOCKER_HOST", "unix:///run/user/1000/docker.sock"));

        assertThat(endpoint).isEqualTo(DockerEndpoint.unix("/run/user/1000/docker.sock"));
    }

    @Test
    void tcpWithoutPortUses2375() {
        assertThat(DockerEndpoint.parse("tcp://10.0.0.5")).isEqualTo(DockerEndpoint.tcp("10.0.0.5", 2375));
        assertThat(DockerEndpoint.parse("http://docker-proxy:2375/")).isEqualTo(DockerEndpoint.tcp("docker-proxy", 2375));
    }

    @Test
    void bracketedIpv6HostKeepsItsColons() {
        DockerEndpoint endpoint = DockerEndpoint.parse("tcp://[fd00::1]:2375");

        assertThat(endpoint).isEqualTo(DockerEndpoint.tcp("fd00::1", 2375));
        assertThat(endpoint).hasToString("tcp://[fd00::1]:2375");
    }

    @Test
    void rejectsRelativeUnixPathWithTheVariableName() {
        assertThatThrownBy(() -> DockerEndpoint.fromEnvironment(Map.of("DOCKER_HOST", "unix://docker.sock")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("DOCKER_HOST: unix socket needs an absolute path, like unix:///var/run/docker.sock"
                        + " (got unix://docker.sock)");
    }

    @Test
    void rejectsUnsupportedSchemesNamingThem() {
        assertThatThrownBy(() -> DockerEndpoint.parse("ssh://user@host"))
                .hasMessageContaining("must be unix:///path or tcp://host:port (got ssh://user@host");
    }

    @Test
    void rejectsBadPort() {
        assertThatThrownBy(() -> DockerEndpoint.parse("tcp://host:99999"))
                .hasMessage("Docker host port must be 1-65535 (got tcp://host:99999)");
        assertThatThrownBy(() -> DockerEndpoint.parse("tcp://:2375"))
                .hasMessageContaining("needs a host name");
    }
}
