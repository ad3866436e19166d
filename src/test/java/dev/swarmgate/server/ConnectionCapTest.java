package dev.swarmgate.server;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionCapTest {

    @Test
    void twoDescriptorsPerConnectionBelowTheLimitLessWhatIsOpenAndTheReserve() {
        assertThat(ConnectionCap.of(256, 40).cap()).as("reserve 128").isEqualTo(44);
        assertThat(ConnectionCap.of(1024, 60).cap()).as("reserve 128").isEqualTo(418);
        assertThat(ConnectionCap.of(1_048_576, 100).cap()).as("reserve 1/16").isEqualTo(491_470);
        assertThat(ConnectionCap.of(64, 60).cap()).as("never below one").isEqualTo(1);
    }

    @Test
    void aConnectionBeyondTheCapIsRefusedUntilOneCloses() {
        ConnectionCap cap = ConnectionCap.of(256, 250);
        EmbeddedChannel first = new EmbeddedChannel();
        EmbeddedChannel second = new EmbeddedChannel();

        assertThat(cap.admit(first)).isTrue();
        assertThat(cap.admit(second)).isFalse();
        first.close();
        assertThat(cap.open()).isZero();
        assertThat(cap.admit(second)).isTrue();
        second.close();
    }
}
