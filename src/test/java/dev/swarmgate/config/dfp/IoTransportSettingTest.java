package dev.swarmgate.config.dfp;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IoTransportSettingTest {

    @Test
    void epollUnlessIoUringIsAskedFor() {
        assertThat(IoTransportSetting.read(Map.of())).isEqualTo(IoTransportSetting.EPOLL);
        assertThat(IoTransportSetting.read(Map.of("IO_TRANSPORT", " "))).isEqualTo(IoTransportSetting.EPOLL);
        assertThat(IoTransportSetting.read(Map.of("IO_TRANSPORT", "epoll"))).isEqualTo(IoTransportSetting.EPOLL);
        assertThat(IoTransportSetting.read(Map.of("IO_TRANSPORT", "io_uring"))).isEqualTo(IoTransportSetting.IO_URING);
        assertThat(IoTransportSetting.read(Map.of("IO_TRANSPORT", " IO_URING "))).isEqualTo(IoTransportSetting.IO_URING);
    }

    @Test
    void anotherValueIsRefusedNamingTheVariableAndBothValues() {
        assertThatThrownBy(() -> IoTransportSetting.read(Map.of("IO_TRANSPORT", "uring")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("IO_TRANSPORT=uring is not valid")
                .hasMessageContaining("epoll (the default)").hasMessageContaining("io_uring");
    }
}
