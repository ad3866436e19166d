package dev.swarmgate.server;

import dev.swarmgate.server.ConnectionCap.Admission;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.function.IntSupplier;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionCapTest {

    private static final IntSupplier NO_MAXCONN = () -> Integer.MAX_VALUE;

    @Test
    void twoDescriptorsPerConnectionBelowTheLimitLessWhatIsOpenAndTheReserve() {
        assertThat(ConnectionCap.of(256, 40, NO_MAXCONN).cap()).as("reserve 128").isEqualTo(44);
        assertThat(ConnectionCap.of(1024, 60, NO_MAXCONN).cap()).as("reserve 128").isEqualTo(418);
        assertThat(ConnectionCap.of(1_048_576, 100, NO_MAXCONN).cap()).as("reserve 1/16").isEqualTo(491_470);
        assertThat(ConnectionCap.of(64, 60, NO_MAXCONN).cap()).as("never below one").isEqualTo(1);
    }

    @Test
    void aConnectionBeyondTheCapIsRefusedUntilOneCloses() {
        ConnectionCap cap = ConnectionCap.of(256, 250, NO_MAXCONN);
        EmbeddedChannel first = new EmbeddedChannel();
        EmbeddedChannel second = new EmbeddedChannel();

        assertThat(cap.admit(first)).isEqualTo(Admission.ADMIT);
        assertThat(cap.admit(second)).isEqualTo(Admission.DROP);
        first.close();
        assertThat(cap.open()).isZero();
        assertThat(cap.admit(second)).isEqualTo(Admission.ADMIT);
        second.close();
    }

    @Test
    void aConnectionOverMaxconnIsMarkedForRefusalAndCountedUntilItCloses() {
        ConnectionCap cap = ConnectionCap.of(1024, 0, () -> 1);
        EmbeddedChannel first = new EmbeddedChannel();
        EmbeddedChannel second = new EmbeddedChannel();

        assertThat(cap.admit(first)).isEqualTo(Admission.ADMIT);
        assertThat(cap.admit(second)).isEqualTo(Admission.REFUSE);
        assertThat(cap.open()).as("a refused connection holds its descriptor until it closes").isEqualTo(2);
        second.close();
        first.close();
        assertThat(cap.open()).isZero();
    }
}
