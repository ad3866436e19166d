package dev.swarmgate.it;

import com.sun.net.httpserver.HttpServer;
import dev.swarmgate.cli.ProxyRuntime;
import dev.swarmgate.config.dfp.DfpSettings;
import dev.swarmgate.testing.FreePort;
import dev.swarmgate.upstream.AddressResolver;
import dev.swarmgate.upstream.UnresolvableHostException;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A proxy for the metrics and access log tests: the runtime in-process with its access log written where the test
 * says, the only replica of its service ({@code tasks.proxy} is 127.0.0.1, for {@code distribute=true}), and a JDK
 * HTTP backend whose answers the test knows: {@code /app/ok} 200 "hello", {@code /app/missing} 404 "no",
 * {@code /app/broken} 503 "down!" (bodies of 5, 2 and 5 bytes).
 */
final class ObservedProxy implements AutoCloseable {

    static final String OK_BODY = "hello";

    private final HttpServer backend;
    private final ExecutorService backendThreads = Executors.newVirtualThreadPerTaskExecutor();
    private final ProxyRuntime runtime;
    private final Path stateDir;
    private final int httpPort = FreePort.pick();
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    ObservedProxy(Map<String, String> overrides, OutputStream accessLog) throws IOException, InterruptedException {
        backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        backend.setExecutor(backendThreads);
        backend.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            int status = path.endsWith("/missing") ? 404 : path.endsWith("/broken") ? 503 : 200;
            byte[] body = (status == 404 ? "no" : status == 503 ? "down!" : OK_BODY)
                    .getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        backend.start();
        stateDir = Files.createTempDirectory("swarmgate-observed-");
        Map<String, String> env = new HashMap<>(Map.of(
                "LISTEN_IP", "127.0.0.1",
                "IP", "127.0.0.1",
                "PORT", String.valueOf(FreePort.pick()),
                "DEFAULT_PORTS", String.valueOf(httpPort),
                "STATE_DIR", stateDir.toString(),
                "CERTS_DIR", stateDir.resolve("certs").toString(),
                "SWARM_DISCOVERY", "off"));
        env.putAll(overrides);
        AddressResolver loneReplica = host -> host.equals("tasks.proxy")
                ? CompletableFuture.completedFuture(List.of(InetAddress.getLoopbackAddress()))
                : CompletableFuture.failedFuture(new UnresolvableHostException(host, null));
        runtime = new ProxyRuntime(DfpSettings.read(env, stateDir.resolve("secrets")), env, Optional.of(loneReplica))
                .accessLogTo(accessLog).start();
        admin("/v1/docker-flow-proxy/reconfigure?serviceName=app&servicePath=/app&outboundHostname=127.0.0.1&port="
                + backend.getAddress().getPort(), 200);
    }

    ProxyRuntime runtime() {
        return runtime;
    }

    int port() {
        return runtime.gateway().boundPort(httpPort);
    }

    int backendPort() {
        return backend.getAddress().getPort();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A GET on the admin port, asserted to answer {@code status}. */
    String admin(String pathAndQuery, int status) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + runtime.adminPort() + pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s answered %s", pathAndQuery, response.body()).isEqualTo(status);
        return response.body();
    }

    @Override
    public void close() {
        runtime.close();
        client.close();
        backend.stop(0);
        backendThreads.shutdownNow();
        try (var paths = Files.walk(stateDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
