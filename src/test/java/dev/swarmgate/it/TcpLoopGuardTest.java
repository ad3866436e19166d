package dev.swarmgate.it;

import dev.swarmgate.testing.FreePort;
import dev.swarmgate.testing.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/**
 * A tcp service whose backend is the proxy's own srcPort through an address the configuration cannot recognise
 * (this host's LAN address, with the proxy listening on every interface): the relay must close the connection that
 * came back instead of connecting once more, so one client costs a few sockets, not all of them.
 */
class TcpLoopGuardTest {

    private GatewayUnderTest proxy;

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void aConnectionThatLoopsBackIntoTheProxyIsClosedInsteadOfForwardedAgain() throws IOException {
        Optional<InetAddress> lan = ownNonLoopbackAddress();
        assumeTrue(lan.isPresent(), "this host has no non-loopback IPv4 address");
        proxy = GatewayUnderTest.start(Map.of("LISTEN_IP", "0.0.0.0"));
        int srcPort = FreePort.pick();
        String backend = lan.get().getHostAddress();

        try (LogCapture log = LogCapture.all()) {
            proxy.route("serviceName=loop&reqMode=tcp&srcPort=" + srcPort + "&port=" + srcPort
                    + "&outboundHostname=" + backend);
            try (Socket client = new Socket()) {
                client.setSoTimeout(10_000);
                client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), srcPort), 5_000);
                InputStream in = client.getInputStream();

                assertThat(readOrReset(in)).as("the proxy closes the client whose tunnel loops").isEqualTo(-1);
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(proxy.runtime().gateway().openConnections()).isZero());
            assertThat(proxy.runtime().gateway().tcp().relayedConnections()).isLessThanOrEqualTo(2);
            assertThat(log.lines()).anySatisfy(line -> assertThat(line)
                    .contains("loops back into this proxy").contains(backend + ":" + srcPort));
        }
    }

    private static int readOrReset(InputStream in) throws IOException {
        try {
            return in.read();
        } catch (SocketException reset) {
            return -1;
        }
    }

    private static Optional<InetAddress> ownNonLoopbackAddress() throws SocketException {
        return NetworkInterface.networkInterfaces()
                .filter(nic -> {
                    try {
                        return nic.isUp() && !nic.isLoopback();
                    } catch (SocketException e) {
                        return false;
                    }
                })
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                .findFirst();
    }
}
