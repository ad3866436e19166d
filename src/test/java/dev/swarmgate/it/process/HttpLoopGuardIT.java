package dev.swarmgate.it.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An HTTP service whose backend is the proxy's own HTTP listener through a name the configuration cannot recognise
 * as this host ({@link LoopbackHostsFile}): the listener closes the connection that came back at its first turn, so
 * the client gets a 502 at once instead of the request chaining through the proxy until its headers overflow.
 */
class HttpLoopGuardIT {

    @TempDir
    Path dir;

    @Test
    void aRequestWhoseBackendIsTheProxyItselfGets502AfterOneTurn() throws Exception {
        try (SwarmgateProcess proxy = SwarmgateProcess.builder(dir).jvmOption(LoopbackHostsFile.jvmOption(dir))
                .start()) {
            proxy.reconfigure("serviceName=loop&servicePath=/loop&port=" + proxy.httpPort() + "&outboundHostname="
                    + LoopbackHostsFile.NAME + "&healthCheck=false");

            HttpResponse<String> response;
            try (HttpClient client = HttpClient.newHttpClient()) {
                response = client.send(HttpRequest.newBuilder(URI.create(proxy.proxyUrl("/loop/x")))
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            }

            assertThat(response.statusCode()).as("log:%n%s", proxy.log()).isEqualTo(502);
            // A GET is safe to retry, so the proxy tries up to three connections; each is cut at its first request.
            assertThat(proxy.log().split("loops back into this proxy", -1).length - 1)
                    .as("loop refusals for one request; log:%n%s", proxy.log()).isBetween(1, 3);
        }
    }
}
