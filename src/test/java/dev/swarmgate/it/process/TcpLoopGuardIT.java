package dev.swarmgate.it.process;

import dev.swarmgate.testing.FreePort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A tcp service whose backend is the proxy's own srcPort through a name the configuration cannot recognise as this
 * host ({@link LoopbackHostsFile}): the relay must close the connection that came back instead of connecting once
 * more, so one client costs a few sockets, not all of them, and a healthy service beside it keeps relaying.
 */
class TcpLoopGuardIT {

    @TempDir
    Path dir;

    @Test
    void aConnectionThatLoopsBackIntoTheProxyIsClosedInsteadOfForwardedAgain() throws Exception {
        try (SwarmgateProcess proxy = SwarmgateProcess.builder(dir).jvmOption(LoopbackHostsFile.jvmOption(dir))
                .start()) {
            int srcPort = FreePort.pick();
            proxy.reconfigure("serviceName=loop&reqMode=tcp&srcPort=" + srcPort + "&port=" + srcPort
                    + "&outboundHostname=" + LoopbackHostsFile.NAME + "&healthCheck=false");

            try (Socket client = new Socket()) {
                client.setSoTimeout(10_000);
                client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), srcPort), 5_000);
                client.getOutputStream().write("ping".getBytes());

                assertThat(readOrReset(client.getInputStream())).as("the proxy closes the client whose tunnel loops")
                        .isEqualTo(-1);
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(proxy.log())
                    .contains("loops back into this proxy").contains(":" + srcPort));
            // A hop is caught when it is accepted or, if its accept raced the connect that made it (two threads),
            // when its own connect completes: a busy machine may let a hop or two through before that, never more.
            assertThat(proxy.log().split("loops back into this proxy", -1).length - 1)
                    .as("loop refusals for one client: the loop was cut within a few hops, not after thousands")
                    .isLessThanOrEqualTo(4);
            assertThat(proxy.admin("/ping").statusCode()).isEqualTo(200);
        }
    }

    private static int readOrReset(InputStream in) throws IOException {
        try {
            return in.read();
        } catch (SocketException reset) {
            return -1;
        }
    }
}
