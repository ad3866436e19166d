package dev.swarmgate.it.process;

import dev.swarmgate.testing.Curl;
import dev.swarmgate.testing.FreePort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/error-pages.md: {@code ERROR_PAGES_DIR} replaces built-in pages code by code, and a broken override falls back
 * to the built-in page with a warning naming the file, never taking the proxy down.
 */
class ErrorPagesIT {

    private static final String CUSTOM_503_BODY = "<html><body>Custom 503 from ErrorPagesIT Kq3</body></html>\n";

    @RegisterExtension
    final ProcessLogs logs = new ProcessLogs();

    @TempDir
    Path dir;

    @Test
    void overrideReplacesTheBuiltInPageAndOnlyThatOne() throws IOException {
        Path pages = Files.createDirectories(dir.resolve("errorfiles"));
        Files.writeString(pages.resolve("503.http"), "HTTP/1.0 503 Service Unavailable\r\n"
                + "Cache-Control: no-cache\r\nConnection: close\r\nContent-Type: text/html\r\n\r\n" + CUSTOM_503_BODY);

        try (SwarmgateProcess proxy = logs.watch("swarmgate", SwarmgateProcess.builder(dir)
                .env("ERROR_PAGES_DIR", pages.toString()).start())) {
            proxy.reconfigure(refusingService());

            Curl.Response unmatched = Curl.include(proxy.proxyUrl("/no/such/service"));
            assertThat(unmatched.status()).isEqualTo(503);
            assertThat(unmatched.body()).isEqualTo(CUSTOM_503_BODY);

            // No 502.http in the directory: the built-in page stays.
            Curl.Response refused = Curl.include(proxy.proxyUrl("/gone/x"));
            assertThat(refused.status()).isEqualTo(502);
            assertThat(refused.body()).contains("Swarmgate: 502 Bad Gateway");

            assertThat(proxy.stop()).isEqualTo(SwarmgateProcess.SIGTERM_EXIT);
        }
    }

    @Test
    void overrideWhoseStatusDoesNotMatchItsNameFallsBackWithAWarning() throws IOException {
        Path pages = Files.createDirectories(dir.resolve("errorfiles"));
        Files.writeString(pages.resolve("502.http"), "HTTP/1.0 500 Internal Server Error\r\n"
                + "Content-Type: text/html\r\n\r\n<html>wrong code Vb8</html>\n");

        try (SwarmgateProcess proxy = logs.watch("swarmgate", SwarmgateProcess.builder(dir)
                .env("ERROR_PAGES_DIR", pages.toString()).start())) {
            proxy.reconfigure(refusingService());

            Curl.Response refused = Curl.include(proxy.proxyUrl("/gone/x"));
            assertThat(refused.status()).isEqualTo(502);
            assertThat(refused.body()).contains("Swarmgate: 502 Bad Gateway").doesNotContain("Vb8");
            assertThat(proxy.log()).contains("502.http");

            assertThat(proxy.stop()).isEqualTo(SwarmgateProcess.SIGTERM_EXIT);
        }
    }

    /** A service on a port nothing listens on: connection refused, which docs/proxying.md answers with 502. */
    private static String refusingService() {
        return "serviceName=gone&servicePath=/gone&port=" + FreePort.pick() + "&outboundHostname=127.0.0.1";
    }
}
