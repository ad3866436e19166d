package dev.swarmgate.it;

import dev.swarmgate.cli.ProxyRuntime;
import dev.swarmgate.config.dfp.DfpSettings;
import dev.swarmgate.testing.FreePort;
import dev.swarmgate.upstream.AddressResolver;
import dev.swarmgate.upstream.UnresolvableHostException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole proxy ({@link ProxyRuntime}) in-process on 127.0.0.1, configured only the way an operator would: through
 * the environment, {@code dfp_*} secret files and the real admin HTTP API.
 *
 * <p>Defaults: {@code LISTEN_IP=IP=127.0.0.1}, admin on a free port ({@code PORT}: DfpSettings refuses 0), one listener on a free port
 * ({@code DEFAULT_PORTS}), {@code STATE_DIR}, {@code CERTS_DIR} and the secrets directory in fresh temporary
 * directories. Any of them can
 * be overridden with {@link #start(Map)}.
 */
public final class GatewayUnderTest implements AutoCloseable {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, String> env;
    private final Path secretsDir;
    private final Path ownDir;
    private final ProxyRuntime runtime;
    private final HttpClient client;
    private boolean handedOver;

    /** An admin API answer. */
    public record Reply(int status, String body) {
    }

    private GatewayUnderTest(Map<String, String> env, Path secretsDir, Path ownDir, ProxyRuntime runtime) {
        this.env = env;
        this.secretsDir = secretsDir;
        this.ownDir = ownDir;
        this.runtime = runtime;
        this.client = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
    }

    public static GatewayUnderTest start() {
        return start(Map.of());
    }

    /** Starts with the defaults, each overridden by {@code overrides} (a value of "" removes the variable). */
    public static GatewayUnderTest start(Map<String, String> overrides) {
        return start(overrides, null);
    }

    /**
     * Starts with the defaults overridden by {@code overrides}, reading secrets from {@code secretsDir} (a fresh empty
     * directory when null).
     *
     * @throws IllegalStateException when the proxy refuses to start (the message is the proxy's)
     */
    public static GatewayUnderTest start(Map<String, String> overrides, Path secretsDir) {
        return start(overrides, secretsDir, Optional.empty());
    }

    /**
     * A proxy that is the only replica of its service: {@code tasks.<SERVICE_NAME>} resolves to 127.0.0.1, so
     * {@code distribute=true} (what a Swarm listener sends by default) reaches this proxy itself, as in a swarm.
     */
    static GatewayUnderTest startAloneInItsService(Map<String, String> overrides) {
        AddressResolver loneReplica = host -> host.equals("tasks.proxy")
                ? CompletableFuture.completedFuture(List.of(InetAddress.getLoopbackAddress()))
                : CompletableFuture.failedFuture(new UnresolvableHostException(host, null));
        return start(overrides, null, Optional.of(loneReplica));
    }

    private static GatewayUnderTest start(Map<String, String> overrides, Path secretsDir,
                                          Optional<AddressResolver> replicaResolver) {
        Path ownDir;
        try {
            ownDir = Files.createTempDirectory("swarmgate-it-");
            Files.createDirectories(ownDir.resolve("state"));
            Files.createDirectories(ownDir.resolve("secrets"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> env = new HashMap<>(Map.of(
                "LISTEN_IP", "127.0.0.1",
                "IP", "127.0.0.1",
                "PORT", String.valueOf(FreePort.pick()),
                "DEFAULT_PORTS", String.valueOf(FreePort.pick()),
                "STATE_DIR", ownDir.resolve("state").toString(),
                "CERTS_DIR", ownDir.resolve("certs").toString(),
                // the test machine may run dockerd: only tests about discovery watch it
                "SWARM_DISCOVERY", "off",
                // -Dswarmgate.it.ioTransport=io_uring runs the in-process tests on that transport (README.md)
                "IO_TRANSPORT", System.getProperty("swarmgate.it.ioTransport", "")));
        env.putAll(overrides);
        env.values().removeIf(String::isEmpty);
        Path secrets = secretsDir != null ? secretsDir : ownDir.resolve("secrets");
        try {
            ProxyRuntime runtime = new ProxyRuntime(DfpSettings.read(env, secrets), env, replicaResolver).start();
            return new GatewayUnderTest(Map.copyOf(env), secrets, ownDir, runtime);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            deleteRecursively(ownDir);
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            deleteRecursively(ownDir);
            throw e;
        }
    }

    /** The temporary directory holding state, certs and secrets (unless overridden). */
    Path ownDir() {
        return ownDir;
    }

    /** Starts a second proxy with this one's environment and secrets (same STATE_DIR, same ports): a restart. */
    GatewayUnderTest restart() {
        runtime.close();
        client.close();
        handedOver = true; // the new instance owns the temporary directories now
        try {
            ProxyRuntime again = new ProxyRuntime(DfpSettings.read(env, secretsDir), env).start();
            return new GatewayUnderTest(env, secretsDir, ownDir, again);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The bound port of the first DEFAULT_PORTS listener. */
    public int port() {
        int spec = Integer.parseInt(env.get("DEFAULT_PORTS").split("[, :]")[0]);
        return boundPort(spec);
    }

    /** The port the listener declared as {@code specPort} bound, -1 when none is bound. */
    int boundPort(int specPort) {
        return runtime.gateway().boundPort(specPort);
    }

    public int adminPort() {
        return runtime.adminPort();
    }

    /** The proxy itself, to look at its store. */
    ProxyRuntime runtime() {
        return runtime;
    }

    /** {@code http://127.0.0.1:<port()><path>} */
    public String url(String path) {
        return url(port(), path);
    }

    static String url(int port, String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Calls {@code /v1/docker-flow-proxy/reconfigure?<query>}. */
    public Reply reconfigure(String query) {
        return admin("/v1/docker-flow-proxy/reconfigure?" + query);
    }

    /** Reconfigures and fails the test unless the proxy answered 200. */
    public void route(String query) {
        Reply reply = reconfigure(query);
        assertThat(reply.status()).as("reconfigure?%s answered %s", query, reply.body()).isEqualTo(200);
    }

    /** {@code serviceName=<name>&outboundHostname=127.0.0.1&port=<backendPort>&<rest>} through the admin API. */
    public void route(String name, int backendPort, String rest) {
        route("serviceName=" + name + "&outboundHostname=127.0.0.1&port=" + backendPort
                + (rest.isEmpty() ? "" : "&" + rest));
    }

    /** Calls {@code /v1/docker-flow-proxy/remove?serviceName=<name>}. */
    Reply remove(String name) {
        return admin("/v1/docker-flow-proxy/remove?serviceName=" + name);
    }

    /** GET on the admin API, e.g. {@code /v1/docker-flow-proxy/config?type=json}. */
    public Reply admin(String pathAndQuery) {
        HttpResponse<String> response = get(url(adminPort(), pathAndQuery));
        return new Reply(response.statusCode(), response.body());
    }

    /** GET {@code path} on the default listener with the JDK client. */
    public HttpResponse<String> get(String pathOrUrl) {
        String url = pathOrUrl.startsWith("http") ? pathOrUrl : url(pathOrUrl);
        try {
            return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether something accepts TCP connections on 127.0.0.1:port right now. */
    public static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        runtime.close();
        client.close();
        if (!handedOver) {
            deleteRecursively(ownDir);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover temp directory does not affect other tests
        }
    }
}
