package dev.swarmgate.it;

import dev.swarmgate.cli.ProxyRuntime;
import dev.swarmgate.config.dfp.DfpSettings;
import dev.swarmgate.testing.FreePort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The replicas of one proxy service, in-process: real proxies ({@link ProxyRuntime}) on 127.0.0.1, .2, .3, ... that
 * share one admin port and one listener port, as Swarm tasks do on their own addresses. Their resolver answers
 * {@code tasks.proxy} the way the test says ({@link #resolveTasks}), standing in for Swarm's DNS.
 */
final class ProxyReplicas implements AutoCloseable {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final int adminPort = FreePort.pick();
    private final int listenerPort = FreePort.pick();
    private Path dir;
    private Map<String, String> extraEnv = Map.of();
    private final List<ProxyRuntime> replicas = new ArrayList<>();
    private final List<String> resolved = new CopyOnWriteArrayList<>();
    private final AtomicReference<Function<String, CompletableFuture<List<InetAddress>>>> tasks =
            new AtomicReference<>(host -> CompletableFuture.failedFuture(new UnknownHostException(host)));
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    ProxyReplicas(int count) throws InterruptedException {
        this(count, Map.of());
    }

    /** @param extraEnv more environment every replica shares, e.g. {@code ADMIN_USERS} */
    ProxyReplicas(int count, Map<String, String> extraEnv) throws InterruptedException {
        try {
            dir = Files.createTempDirectory("swarmgate-replicas-");
            this.extraEnv = Map.copyOf(extraEnv);
            for (int i = 0; i < count; i++) {
                add();
            }
            resolved.clear(); // each start looked its peers up for their certificates; tests ask about what follows
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | InterruptedException e) {
            close();
            throw e;
        }
    }

    /** Starts one more replica, on the next address; returns its index. */
    int add() throws IOException, InterruptedException {
        int i = replicas.size();
        Path state = Files.createDirectories(dir.resolve("state-" + i));
        Path secrets = Files.createDirectories(dir.resolve("secrets-" + i));
        String ip = address(i).getHostAddress();
        Map<String, String> env = new HashMap<>(extraEnv);
        env.putAll(Map.of("IP", ip, "LISTEN_IP", ip, "PORT", String.valueOf(adminPort),
                "DEFAULT_PORTS", String.valueOf(listenerPort), "STATE_DIR", state.toString(),
                "CERTS_DIR", dir.resolve("certs-" + i).toString()));
        replicas.add(new ProxyRuntime(DfpSettings.read(env, secrets), env, Optional.of(host -> {
            resolved.add(host);
            return tasks.get().apply(host);
        })).start());
        return i;
    }

    /** 127.0.0.(index + 1) */
    static InetAddress address(int index) {
        try {
            return InetAddress.getByName("127.0.0." + (index + 1));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    int adminPort() {
        return adminPort;
    }

    /** The HTTP listener port every replica binds on its own address. */
    int listenerPort() {
        return listenerPort;
    }

    ProxyRuntime replica(int index) {
        return replicas.get(index);
    }

    /** From now on, {@code tasks.proxy} (or whatever the replicas ask for) resolves this way. */
    void resolveTasks(Function<String, CompletableFuture<List<InetAddress>>> answer) {
        tasks.set(answer);
    }

    /** Every name the replicas asked to resolve since the constructor's replicas started. */
    List<String> resolved() {
        return List.copyOf(resolved);
    }

    /** GET on replica {@code index}'s admin API. */
    GatewayUnderTest.Reply admin(int index, String pathAndQuery) {
        return admin(index, pathAndQuery, Map.of());
    }

    /** GET on replica {@code index}'s admin API with these request headers (e.g. {@code Authorization}). */
    GatewayUnderTest.Reply admin(int index, String pathAndQuery, Map<String, String> headers) {
        URI uri = URI.create("http://" + address(index).getHostAddress() + ":" + adminPort + pathAndQuery);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT);
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new GatewayUnderTest.Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        replicas.forEach(ProxyRuntime::close);
        client.close();
        if (dir != null) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                // a leftover temporary directory does not affect other tests
            }
        }
    }
}
