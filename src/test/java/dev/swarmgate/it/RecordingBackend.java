package dev.swarmgate.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A JDK {@code HttpServer} backend for what nginx cannot show simply: it records every request (method, path,
 * headers, body length and SHA-256 of the decoded body) and answers {@code 200 len=<n> sha=<hex>}. A request whose
 * path starts with {@code /hold} is held until {@link #release()}, so a test can act while it is in flight.
 */
final class RecordingBackend implements AutoCloseable {

    /** One request as the backend received it; header names are case-insensitive. */
    record Seen(String method, String path, Map<String, List<String>> headers, long bodyBytes, String sha256) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Seen> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    private RecordingBackend() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    static RecordingBackend start() {
        return new RecordingBackend();
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<Seen> requests() {
        return List.copyOf(requests);
    }

    /** Waits until a {@code /hold} request has arrived; false after 10 s. */
    boolean awaitHeld() throws InterruptedException {
        return held.await(10, TimeUnit.SECONDS);
    }

    /** Lets held requests answer. */
    void release() {
        release.countDown();
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        MessageDigest sha = digest();
        long length = 0;
        try (InputStream in = exchange.getRequestBody()) {
            byte[] buffer = new byte[16 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                sha.update(buffer, 0, n);
                length += n;
            }
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
        String path = exchange.getRequestURI().getRawPath();
        requests.add(new Seen(exchange.getRequestMethod(), path, headers, length,
                HexFormat.of().formatHex(sha.digest())));
        if (path.startsWith("/hold")) {
            held.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] body = ("len=" + length + " sha=" + requests.getLast().sha256() + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("X-Backend", "recording");
        exchange.sendResponseHeaders(200, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
