package dev.swarmgate.server;

import dev.swarmgate.server.ConnectionCap.Admission;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.function.IntSupplier;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionCapTest {

    private static final IntSupplier NO_MAXCONN = () -> Integer.MAX_VALUE;
    private static final long UNBOUNDED_HEAP = Long.MAX_VALUE;
    private static final long MB = 1024 * 1024;

    @Test
    void twoDescriptorsPerConnectionBelowTheLimitLessWhatIsOpenAndTheReserve() {
        assertThat(ConnectionCap.of(256, 40, UNBOUNDED_HEAP, NO_MAXCONN).cap()).as("reserve 128").isEqualTo(44);
        assertThat(ConnectionCap.of(1024, 60, UNBOUNDED_HEAP, NO_MAXCONN).cap()).as("reserve 128").isEqualTo(418);
        assertThat(ConnectionCap.of(1_048_576, 100, UNBOUNDED_HEAP, NO_MAXCONN).cap()).as("reserve 1/16").isEqualTo(491_470);
        assertThat(ConnectionCap.of(64, 60, UNBOUNDED_HEAP, NO_MAXCONN).cap()).as("never below one").isEqualTo(1);
    }

    @Test
    void theHeapCapAppliesWhenItIsLowerThanTheDescriptorCap() {
        ConnectionCap cap = ConnectionCap.of(1_048_576, 100, 128 * MB, NO_MAXCONN);

        assertThat(cap.cap()).as("(128 MB - 32 MB reserve) / 4 KB").isEqualTo(24_576);
        assertThat(cap.describe()).contains("heap cap", "128 MB");
        assertThat(ConnectionCap.of(1024, 60, 128 * MB, NO_MAXCONN).cap()).as("descriptors lower").isEqualTo(418);
        assertThat(ConnectionCap.of(1_048_576, 100, 32 * MB, NO_MAXCONN).cap())
                .as("a small heap keeps half of itself in reserve").isEqualTo(4_096);
        assertThat(ConnectionCap.of(-1, 0, UNBOUNDED_HEAP, NO_MAXCONN).describe()).startsWith("no connection cap");
    }

    @Test
    void aConnectionBeyondTheCapIsRefusedUntilOneCloses() {
        ConnectionCap cap = ConnectionCap.of(256, 250, UNBOUNDED_HEAP, NO_MAXCONN);
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
        ConnectionCap cap = ConnectionCap.of(1024, 0, UNBOUNDED_HEAP, () -> 1);
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
