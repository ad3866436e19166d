package dev.swarmgate.it;

import dev.swarmgate.observe.ServiceTraffic;
import dev.swarmgate.store.ReconfigureJournal.Outcome;
import dev.swarmgate.store.Source;
import dev.swarmgate.testing.FreePort;
import dev.swarmgate.testing.PrometheusText;
import dev.swarmgate.testing.PrometheusText.Sample;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /metrics} after known traffic through a real backend, read with Prometheus's own text parser: every
 * count matches what the test sent.
 */
class MetricsTest {

    private ObservedProxy proxy;

    @BeforeEach
    void start() throws Exception {
        proxy = new ObservedProxy(Map.of(), OutputStream.nullOutputStream());
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    @Test
    void httpRequestsAreCountedByStatusClassErrorCodeAndBytes() throws Exception {
        for (int i = 0; i < 7; i++) {
            assertThat(proxy.get("/app/ok").statusCode()).isEqualTo(200);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(proxy.get("/app/missing").statusCode()).isEqualTo(404);
        }
        for (int i = 0; i < 2; i++) {
            assertThat(proxy.get("/app/broken").statusCode()).isEqualTo(503);
        }
        HttpResponse<String> posted = proxy.client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + proxy.port() + "/app/ok"))
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(100))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).isEqualTo(200);

        List<Sample> samples = PrometheusText.parse(proxy.admin("/metrics", 200));

        Map<String, String> app = Map.of("service", "app", "destination", "app-be" + proxy.backendPort() + "_0");
        assertThat(value(samples, "swarmgate_http_requests_total", app, "class", "2xx")).isEqualTo(8);
        assertThat(value(samples, "swarmgate_http_requests_total", app, "class", "4xx")).isEqualTo(3);
        assertThat(value(samples, "swarmgate_http_requests_total", app, "class", "5xx")).isEqualTo(2);
        assertThat(value(samples, "swarmgate_http_requests_total", app, "class", "3xx")).isZero();
        assertThat(value(samples, "swarmgate_http_errors_total", app, "code", "404")).isEqualTo(3);
        assertThat(value(samples, "swarmgate_http_errors_total", app, "code", "503")).isEqualTo(2);
        assertThat(value(samples, "swarmgate_http_bytes_total", app, "direction", "rx")).isEqualTo(100);
        assertThat(value(samples, "swarmgate_http_bytes_total", app, "direction", "tx"))
                .isEqualTo(8 * 5 + 3 * 2 + 2 * 5);
        assertThat(value(samples, "swarmgate_http_request_duration_seconds_count", app)).isEqualTo(13);
        assertThat(value(samples, "swarmgate_http_request_duration_seconds_bucket", app, "le", "+Inf"))
                .isEqualTo(13);
        assertThat(value(samples, "swarmgate_http_request_duration_seconds_bucket", app, "le", "30.0"))
                .isEqualTo(13);
        assertThat(value(samples, "swarmgate_http_backend_duration_seconds_count", app)).isEqualTo(13);
        assertThat(value(samples, "swarmgate_http_active_requests", app)).isZero();
        assertThat(value(samples, "swarmgate_http_retries_total", app)).isZero();
        assertThat(samples).filteredOn(s -> s.name().equals("swarmgate_http_request_duration_seconds"))
                .isEmpty();
        assertThat(samples).filteredOn(s -> s.family().equals("swarmgate_http_request_duration_seconds"))
                .allSatisfy(s -> assertThat(s.type()).isEqualTo("histogram"));
        Map<String, String> endpoint = Map.of("destination", app.get("destination"),
                "endpoint", "127.0.0.1:" + proxy.backendPort());
        assertThat(value(samples, "swarmgate_endpoint_up", endpoint)).isEqualTo(1);
        assertThat(value(samples, "swarmgate_endpoint_ejections_total", endpoint)).isZero();
        assertThat(value(samples, "swarmgate_listener_connections_total",
                Map.of("listener", String.valueOf(proxy.port())))).isPositive();
        // no path and no client address in any label: their number is bounded by the configuration
        assertThat(samples).allSatisfy(s -> assertThat(s.labels().values())
                .noneMatch(v -> v.startsWith("/app") || v.startsWith("127.0.0.1:" + proxy.port())));
    }

    @Test
    void theLastMinuteViewMatchesTheTraffic() throws Exception {
        for (int i = 0; i < 9; i++) {
            assertThat(proxy.get("/app/ok").statusCode()).isEqualTo(200);
        }
        assertThat(proxy.get("/app/broken").statusCode()).isEqualTo(503);

        ServiceTraffic app = proxy.runtime().traffic().lastMinute().get("app");

        assertThat(app.requestsTotal()).isEqualTo(10);
        assertThat(app.errorRatio()).isEqualTo(0.1);
        assertThat(app.requestsPerSecond()).isPositive();
        assertThat(app.p99Millis()).isPositive().isGreaterThanOrEqualTo(app.p50Millis());
        assertThat(app.bytesOut()).isEqualTo(9 * 5 + 5);
        assertThat(app.activeRequests()).isZero();
    }

    @Test
    void tcpConnectionsAndBytesAreCountedPerSrcPort() throws Exception {
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        try (ServerSocket echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            threads.submit(() -> {
                while (true) {
                    Socket socket = echo.accept();
                    threads.submit(() -> {
                        try (socket) {
                            socket.getInputStream().transferTo(socket.getOutputStream());
                        }
                        return null;
                    });
                }
            });
            int srcPort = FreePort.pick();
            proxy.admin("/v1/docker-flow-proxy/reconfigure?serviceName=db&reqMode=tcp&srcPort=" + srcPort
                    + "&outboundHostname=127.0.0.1&port=" + echo.getLocalPort(), 200);
            await().until(() -> proxy.runtime().gateway().boundPort(srcPort) > 0);
            for (int i = 0; i < 2; i++) {
                try (Socket client = new Socket()) {
                    client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), srcPort), 5000);
                    client.getOutputStream().write("0123456789".getBytes(StandardCharsets.US_ASCII));
                    client.shutdownOutput();
                    InputStream in = client.getInputStream();
                    assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("0123456789");
                }
            }
            Map<String, String> port = Map.of("listener", String.valueOf(srcPort), "service", "db");
            await().untilAsserted(() -> {
                List<Sample> samples = PrometheusText.parse(proxy.admin("/metrics", 200));
                assertThat(value(samples, "swarmgate_tcp_connections_total", port)).isEqualTo(2);
                assertThat(value(samples, "swarmgate_tcp_errors_total", port)).isZero();
                assertThat(value(samples, "swarmgate_tcp_bytes_total", port, "direction", "rx")).isEqualTo(20);
                assertThat(value(samples, "swarmgate_tcp_bytes_total", port, "direction", "tx")).isEqualTo(20);
            });
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void configVersionAndReconfiguresBySourceAndOutcomeAreExported() throws Exception {
        proxy.runtime().journal().record(Source.SWARM, "bad", Outcome.REJECTED, "com.df.port is not a number");
        proxy.runtime().journal().record(Source.SWARM, "worse", Outcome.REJECTED, "com.df.port is missing");
        proxy.runtime().journal().record(Source.API, "odd", Outcome.REJECTED, "servicePath is empty");
        proxy.runtime().journal().record(Source.API, "fine", Outcome.APPLIED, "");

        List<Sample> samples = PrometheusText.parse(proxy.admin("/metrics", 200));

        assertThat(value(samples, "swarmgate_config_version", Map.of()))
                .isEqualTo(proxy.runtime().store().current().version()).isPositive();
        assertThat(value(samples, "swarmgate_reconfigures_total",
                Map.of("source", "swarm", "outcome", "rejected"))).isEqualTo(2);
        assertThat(value(samples, "swarmgate_reconfigures_total",
                Map.of("source", "api", "outcome", "rejected"))).isEqualTo(1);
        // The fixture's own API reconfigures are journaled too: the metric is the journal's count, this one included.
        assertThat(value(samples, "swarmgate_reconfigures_total", Map.of("source", "api", "outcome", "applied")))
                .isEqualTo(proxy.runtime().journal().count(Source.API, Outcome.APPLIED)).isGreaterThanOrEqualTo(1);
        assertThat(value(samples, "swarmgate_reconfigures_total",
                Map.of("source", "env", "outcome", "rejected"))).isZero();
        assertThat(value(samples, "swarmgate_config_last_change_timestamp_seconds", Map.of()))
                .isCloseTo(proxy.runtime().journal().lastEntry().orElseThrow().toEpochMilli() / 1000.0,
                        org.assertj.core.data.Offset.offset(0.002));
        assertThat(value(samples, "swarmgate_swarm_watch_errors_total", Map.of())).isZero();
        assertThat(value(samples, "swarmgate_tls_handshakes_total", Map.of("result", "ok"))).isZero();
        assertThat(value(samples, "swarmgate_proxy_protocol_headers_total", Map.of("result", "invalid"))).isZero();
    }

    @Test
    void bothPathsServeTheSameMetricsAndDistributeConcatenatesEveryReplicas() throws Exception {
        assertThat(proxy.get("/app/ok").statusCode()).isEqualTo(200);

        List<Sample> dfp = PrometheusText.parse(proxy.admin("/v1/docker-flow-proxy/metrics", 200));
        String distributed = proxy.admin("/v1/docker-flow-proxy/metrics?distribute=true", 200);
        List<Sample> all = PrometheusText.parse(distributed);

        Map<String, String> app = Map.of("service", "app", "class", "2xx");
        assertThat(value(dfp, "swarmgate_http_requests_total", app)).isEqualTo(1);
        // one replica here (tasks.proxy is 127.0.0.1): its text, once
        assertThat(value(all, "swarmgate_http_requests_total", app)).isEqualTo(1);
        assertThat(distributed).contains("# TYPE swarmgate_config_version gauge");
        assertThat(proxy.admin("/metrics?distribute=true", 200)).contains("swarmgate_config_version");
    }

    private static double value(List<Sample> samples, String name, Map<String, String> labels, String... more) {
        Map<String, String> all = new java.util.HashMap<>(labels);
        for (int i = 0; i < more.length; i += 2) {
            all.put(more[i], more[i + 1]);
        }
        return PrometheusText.value(samples, name, all)
                .orElseThrow(() -> new AssertionError("no sample " + name + all));
    }
}
