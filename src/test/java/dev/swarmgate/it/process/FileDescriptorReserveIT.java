package dev.swarmgate.it.process;

import dev.swarmgate.testing.FreePort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The proxy under {@code ulimit -n 256} with far more clients than that on a tcp port: the data plane stops at its
 * connection cap, below the limit, so the admin API still has file descriptors and answers at once.
 */
class FileDescriptorReserveIT {

    private static final int FD_LIMIT = 256;
    private static final int CLIENTS = 400;

    @TempDir
    Path dir;

    @Test
    void theAdminApiStillAnswersWhenClientsWouldTakeEveryFileDescriptor() throws Exception {
        // A backend that never accepts: the kernel completes each connect from its backlog, so every tunnel holds.
        try (ServerSocket backend = new ServerSocket(0, 2 * CLIENTS, InetAddress.getLoopbackAddress());
             SwarmgateProcess proxy = SwarmgateProcess.builder(dir).fileDescriptorLimit(FD_LIMIT)
                     .env("IO_THREADS", "1").start();
             HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()) {
            int srcPort = FreePort.pick();
            proxy.reconfigure("serviceName=held&reqMode=tcp&srcPort=" + srcPort + "&port=" + backend.getLocalPort()
                    + "&outboundHostname=127.0.0.1");
            List<Socket> clients = new ArrayList<>();
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    Socket socket = new Socket();
                    clients.add(socket);
                    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), srcPort), 3_000);
                }

                HttpResponse<String> ping = client.send(HttpRequest.newBuilder(URI.create(proxy.adminUrl("/ping")))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());

                assertThat(ping.statusCode()).as("admin /ping with %d clients held. Log:\n%s", CLIENTS, proxy.log())
                        .isEqualTo(200);
                // The clients' connects completed from the kernel's backlog: the proxy may still be accepting them.
                await("the proxy reports its connection cap").atMost(Duration.ofSeconds(10))
                        .until(() -> proxy.log().contains("connection cap"));
                assertThat(proxy.log()).doesNotContain("Too many open files");
            } finally {
                for (Socket socket : clients) {
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // closing is best effort
                    }
                }
            }
        }
    }

    /**
     * The incident: a tcp service whose backend is its own srcPort through a name the configuration cannot recognise
     * as this host (here {@code loop.swarmgate.test}, which the proxy's hosts file maps to 127.0.0.1; in the incident
     * it was the host's LAN address), under a low limit. The health checks alone start the loop every interval; the
     * proxy must cut it, and keep its admin API and its file descriptors.
     */
    @Test
    void aServiceLoopingIntoItsOwnPortThroughAnotherNameNeverExhaustsTheDescriptors() throws Exception {
        try (SwarmgateProcess proxy = SwarmgateProcess.builder(dir).fileDescriptorLimit(FD_LIMIT)
                     .env("IO_THREADS", "1").jvmOption(LoopbackHostsFile.jvmOption(dir)).start()) {
            int srcPort = FreePort.pick();
            proxy.reconfigure("serviceName=loop&reqMode=tcp&srcPort=" + srcPort + "&port=" + srcPort
                    + "&outboundHostname=" + LoopbackHostsFile.NAME + "&healthCheckInterval=1");
            try (Socket client = new Socket()) {
                client.setSoTimeout(10_000);
                client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), srcPort), 3_000);
                assertThat(client.getInputStream().read()).as("the looping client is closed").isEqualTo(-1);
            } catch (SocketException reset) {
                // closed with a reset: as good
            }

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(proxy.log()).contains("loops back into this proxy"));
            assertThat(proxy.admin("/ping").statusCode()).isEqualTo(200);
            assertThat(proxy.log()).doesNotContain("Too many open files");
        }
    }
}
