package dev.swarmgate.config.dfp;

import dev.swarmgate.config.ListenerSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListenerPortsTest {

    @Test
    void plainAndSslItemsAreRead() {
        assertThat(ListenerPorts.parse("80,443:ssl").listeners())
                .containsExactly(new ListenerSpec(80, false, false), new ListenerSpec(443, true, false));
    }

    @Test
    void acceptProxyIsReadBeforeOrAfterSsl() {
        assertThat(ListenerPorts.parse("80 accept-proxy,443 accept-proxy:ssl,8443:ssl accept-proxy").listeners())
                .containsExactly(new ListenerSpec(80, false, true), new ListenerSpec(443, true, true),
                        new ListenerSpec(8443, true, true));
    }

    @Test
    void otherBindOptionsAreKeptAsIgnored() {
        ListenerPorts ports = ListenerPorts.parse("80 tfo,81");
        assertThat(ports.listeners()).containsExactly(new ListenerSpec(80, false, false),
                new ListenerSpec(81, false, false));
        assertThat(ports.ignoredOptions()).containsExactly("80 tfo");
    }

    @Test
    void emptyItemsAreSkipped() {
        assertThat(ListenerPorts.parse(" 80 ,, ").listeners()).containsExactly(new ListenerSpec(80, false, false));
    }

    @Test
    void itemNotStartingWithAPortIsRejected() {
        assertThatThrownBy(() -> ListenerPorts.parse("80x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("80x");
    }

    @Test
    void portOutOfRangeIsRejected() {
        assertThatThrownBy(() -> ListenerPorts.parse("65536")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("65536");
    }
}
