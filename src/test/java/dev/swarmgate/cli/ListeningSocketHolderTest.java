package dev.swarmgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ListeningSocketHolder} against this JVM's own sockets in the real {@code /proc}. */
class ListeningSocketHolderTest {

    private final ListeningSocketHolder holder = new ListeningSocketHolder(Path.of("/proc"));

    @Test
    void aProcessHoldsThePortItListensOn() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            assertThat(holder.holds("self", server.getLocalPort())).contains(true);
        }
    }

    @Test
    void aConnectionToAPortIsNotAListeningSocketOfIt() throws Exception {
        int port;
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            port = server.getLocalPort();
        }
        // nothing listens on the port any more; a socket of this process connected elsewhere does not count either
        try (ServerSocket other = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
             Socket client = new Socket()) {
            client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), other.getLocalPort()));
            assertThat(holder.holds("self", port)).contains(false);
            assertThat(holder.holds("self", client.getLocalPort())).contains(false);
        }
    }

    @Test
    void aProcessThatDoesNotExistCannotTell() {
        assertThat(holder.holds("999999999", 80)).isEmpty();
    }

    @Test
    void onlyListeningSocketsOfThePortAreRead() {
        List<String> table = List.of(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 10001 0 4711 1 0 100 0",
                "   1: 0100007F:1F90 0100007F:D431 01 00000000:00000000 00:00000000 00000000 10001 0 4712 1 0 20 4",
                "   2: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000 10001 0 4713 1 0 100 0");
        assertThat(ListeningSocketHolder.listeningInodes(table, 8080)).containsExactly("4711");
    }
}
