package dev.swarmgate.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostPortTest {

    @Test
    void readsTheFormsGoAccepts() {
        assertThat(HostPort.parse(":4000")).isEqualTo(new HostPort("", 4000));
        assertThat(HostPort.parse("localhost:4000")).isEqualTo(new HostPort("localhost", 4000));
        assertThat(HostPort.parse("10.0.0.7:80")).isEqualTo(new HostPort("10.0.0.7", 80));
        assertThat(HostPort.parse("[::1]:6379")).isEqualTo(new HostPort("::1", 6379));
    }

    @Test
    void rejectsMissingPortsAndBareIpv6WithTheFix() {
        assertThatThrownBy(() -> HostPort.parse("localhost")).hasMessageContaining("is not host:port");
        assertThatThrownBy(() -> HostPort.parse("localhost:http")).hasMessageContaining("no valid port");
        assertThatThrownBy(() -> HostPort.parse("localhost:70000")).hasMessageContaining("1-65535");
        assertThatThrownBy(() -> HostPort.parse("::1:80")).hasMessageContaining("in brackets");
    }

    @Test
    void aListRoundTripsThroughText() {
        assertThat(HostPort.parseList("a:1, [::1]:2,,b:3")).containsExactly(new HostPort("a", 1),
                new HostPort("::1", 2), new HostPort("b", 3));
        assertThat(HostPort.parse("[::1]:2").toString()).isEqualTo("[::1]:2");
        assertThatThrownBy(() -> HostPort.parseList(" , ")).hasMessageContaining("no host:port");
    }
}
