package dev.swarmgate.it.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmgate.testing.swarm.FreshGet;
import dev.swarmgate.testing.swarm.Poll;
import dev.swarmgate.testing.swarm.ProxyService;
import dev.swarmgate.testing.swarm.Service;
import dev.swarmgate.testing.swarm.ServiceSpec;
import dev.swarmgate.testing.swarm.Swarm;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A proxy task replaced by {@code docker service update} drains on the SIGTERM Swarm sends it: a request whose head
 * is still arriving when the task is told to stop is completed and answered (with {@code Connection: close}) before
 * the old container goes away.
 */
@Tag("swarm")
class ProxyDrainIT {

    private static final Duration POLL = Duration.ofMillis(50);

    @RegisterExtension
    static final Swarm swarm = new Swarm();

    @Test
    void aRequestUnderWayWhenSwarmStopsTheProxyTaskIsAnswered() throws IOException {
        String path = swarm.path("drained");
        swarm.create(ServiceSpec.routedBackend("drained", path));
        ProxyService proxy = ProxyService.start(swarm, ProxyService.spec("proxy").env("SWARM_DISCOVERY", "on")
                .env("TIMEOUT_HTTP_REQUEST", "60"));
        Poll.until("200 on " + path, POLL, Service.DEFAULT_WAIT, () -> proxy.send(path + "/x"),
                FreshGet.Answer::ok, swarm::diagnostics);

        try (Socket client = new Socket()) {
            client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.httpPort()), 5_000);
            client.setSoTimeout(30_000);
            OutputStream out = client.getOutputStream();
            out.write(("GET " + path + "/under-way HTTP/1.1\r\nHost: drain\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();

            proxy.service().update("--force");
            // once its port is closed, the connections have been told to drain: the request completes after that
            Poll.until("the old task stops accepting (SIGTERM)", POLL, Service.DEFAULT_WAIT,
                    () -> proxy.service().logLines(),
                    lines -> lines.stream().anyMatch(line -> line.contains("port 80 closed, draining")),
                    swarm::diagnostics);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();

            // read to the end: the proxy closes the connection after the answer (else the read times out)
            String answer = new String(readAll(client.getInputStream()), StandardCharsets.ISO_8859_1);
            assertThat(answer).as(() -> "the answer to the request under way\n" + swarm.diagnostics())
                    .startsWith("HTTP/1.1 200").containsIgnoringCase("connection: close")
                    .contains("path=" + path + "/under-way");
        }
        Poll.until("the old task logs its drain", POLL, Service.DEFAULT_WAIT, () -> proxy.service().logLines(),
                lines -> lines.stream().anyMatch(line -> line.contains("Drained ")),
                swarm::diagnostics);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }
}
