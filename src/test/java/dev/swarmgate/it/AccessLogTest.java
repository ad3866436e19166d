package dev.swarmgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swarmgate.testing.PrometheusText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The access log under load: one valid JSON line per request with the request's fields, and an output nobody reads
 * (a real pipe, never drained) neither stalls requests nor loses count of what it dropped.
 */
class AccessLogTest {

    private static final int REQUESTS = 20_000;
    private static final int CLIENTS = 16;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void twentyThousandRequestsMakeTwentyThousandJsonLines() throws Exception {
        Path log = dir.resolve("access.log");
        try (FileOutputStream out = new FileOutputStream(log.toFile());
             ObservedProxy proxy = new ObservedProxy(Map.of("ACCESS_LOG", "json"), out)) {
            List<Integer> statuses = load(proxy, "/app/ok?token=secret");
            assertThat(statuses).hasSize(REQUESTS).containsOnly(200);

            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readAllLines(log).size() >= REQUESTS);
            List<String> lines = Files.readAllLines(log);
            assertThat(lines).hasSize(REQUESTS);
            String endpoint = "127.0.0.1:" + proxy.backendPort();
            for (String line : lines) {
                JsonNode entry = JSON.readTree(line);
                assertThat(entry.path("type").asText()).isEqualTo("http");
                assertThat(entry.path("method").asText()).isEqualTo("GET");
                assertThat(entry.path("path").asText()).as("no query: it may hold credentials").isEqualTo("/app/ok");
                assertThat(entry.path("host").asText()).isEqualTo("127.0.0.1:" + proxy.port());
                assertThat(entry.path("status").asInt()).isEqualTo(200);
                assertThat(entry.path("bytes_out").asLong()).isEqualTo(ObservedProxy.OK_BODY.length());
                assertThat(entry.path("bytes_in").asLong()).isZero();
                assertThat(entry.path("service").asText()).isEqualTo("app");
                assertThat(entry.path("destination").asText()).isEqualTo("app-be" + proxy.backendPort() + "_0");
                assertThat(entry.path("endpoint").asText()).isEqualTo(endpoint);
                assertThat(entry.path("client").asText()).isEqualTo("127.0.0.1");
                assertThat(entry.path("protocol").asText()).isEqualTo("HTTP/1.1");
                assertThat(entry.path("tls").asBoolean(true)).isFalse();
                assertThat(entry.path("retries").asInt(-1)).isZero();
                assertThat(entry.path("listener").asInt()).isEqualTo(proxy.port());
                assertThat(entry.path("duration_ms").asDouble(-1)).isNotNegative()
                        .isGreaterThanOrEqualTo(entry.path("backend_ms").asDouble(-1));
                assertThat(entry.path("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            }
            assertThat(metric(proxy, "swarmgate_access_log_lines_total")).isEqualTo(REQUESTS);
            assertThat(metric(proxy, "swarmgate_access_log_dropped_total")).isZero();
        }
    }

    @Test
    void aStdoutNobodyReadsDropsLinesAndCountsThemWithoutStallingRequests() throws Exception {
        Pipe pipe = Pipe.open(); // its source is never read: once the kernel's buffer is full, writes block
        int queue = 1000;
        try (OutputStream blocked = Channels.newOutputStream(pipe.sink());
             ObservedProxy proxy = new ObservedProxy(Map.of("ACCESS_LOG", "json",
                     "ACCESS_LOG_QUEUE", String.valueOf(queue)), blocked)) {
            List<Integer> statuses = load(proxy, "/app/ok");

            assertThat(statuses).hasSize(REQUESTS).containsOnly(200);
            double written = metric(proxy, "swarmgate_access_log_lines_total");
            double dropped = metric(proxy, "swarmgate_access_log_dropped_total");
            // At most the queue, the writer's batch and the pipe's buffer hold lines that were not dropped.
            assertThat(dropped).isGreaterThanOrEqualTo(REQUESTS - queue - 2_000);
            assertThat(written + dropped).isLessThanOrEqualTo(REQUESTS);
        } finally {
            pipe.source().close();
        }
    }

    /** {@link #REQUESTS} GETs of {@code path} from {@link #CLIENTS} keep-alive clients; their statuses. */
    private static List<Integer> load(ObservedProxy proxy, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + proxy.port() + path);
        AtomicInteger left = new AtomicInteger(REQUESTS);
        List<Future<List<Integer>>> clients = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(threads.submit(() -> {
                    List<Integer> statuses = new ArrayList<>();
                    while (left.getAndDecrement() > 0) {
                        statuses.add(proxy.client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                                .build(), HttpResponse.BodyHandlers.discarding()).statusCode());
                    }
                    return statuses;
                }));
            }
            List<Integer> all = new ArrayList<>();
            for (Future<List<Integer>> client : clients) {
                all.addAll(client.get());
            }
            return all;
        }
    }

    private static double metric(ObservedProxy proxy, String name) throws Exception {
        return PrometheusText.value(PrometheusText.parse(proxy.admin("/metrics", 200)), name, Map.of())
                .orElseThrow(() -> new AssertionError("no " + name));
    }
}
