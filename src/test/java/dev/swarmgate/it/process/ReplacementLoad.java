package dev.swarmgate.it.process;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/**
 * The client side of the process-replacement test: real clients on virtual threads that keep a proxy busy with new
 * connections per request (timing each connect), keep-alive requests through the JDK HttpClient, long TCP streams
 * checked byte by byte, and WebSocket sessions checked message by message. What they see goes into the current
 * {@link Tally}, which the test swaps between phases.
 */
final class ReplacementLoad implements AutoCloseable {

    /** What the clients saw during one phase. */
    static final class Tally {
        final ConcurrentLinkedQueue<Long> connectNanos = new ConcurrentLinkedQueue<>();
        final AtomicLong requests = new AtomicLong();
        final AtomicInteger refused = new AtomicInteger();
        final AtomicInteger streams = new AtomicInteger();
        final AtomicInteger webSocketMessages = new AtomicInteger();
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

        void fail(String what) {
            failures.add(what);
        }

        /** p50, p99 and the maximum connect time, in milliseconds. */
        double[] connectMillis() {
            List<Long> sorted = new ArrayList<>(connectNanos);
            sorted.sort(null);
            if (sorted.isEmpty()) {
                return new double[]{0, 0, 0};
            }
            return new double[]{at(sorted, 0.50), at(sorted, 0.99), sorted.getLast() / 1e6};
        }

        private static double at(List<Long> sorted, double quantile) {
            return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1)) / 1e6;
        }
    }

    static final int STREAM_BYTES = 2 * 1024 * 1024;
    private static final int STREAM_CHUNK = 16 * 1024;
    private static final Duration STREAM_PAUSE = Duration.ofMillis(20);
    static final int WEBSOCKET_MESSAGES = 30;

    private final AtomicReference<Tally> tally = new AtomicReference<>(new Tally());
    private volatile boolean running = true;
    private final List<Thread> threads = new ArrayList<>();
    private final HttpClient keepAlive = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final HttpClient webSockets = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * Waits until the clients have completed {@code more} further requests in the current phase, so the next step
     * happens under load that is flowing rather than after a guessed pause.
     */
    void awaitRequests(long more) {
        Tally current = tally.get();
        long target = current.requests.get() + more;
        await().atMost(Duration.ofSeconds(60)).until(() -> current.requests.get() >= target);
    }

    /** Starts the tally of a new phase; returns the one that ends. */
    Tally nextPhase() {
        return tally.getAndSet(new Tally());
    }

    /** {@code clients} loops, each a new connection per request to {@code GET path} answered {@code ok}. */
    void freshConnections(int clients, int port, String path, Duration pause) {
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: replacement\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        for (int i = 0; i < clients; i++) {
            loop("fresh-" + i, () -> {
                Tally t = tally.get();
                long started = System.nanoTime();
                try (Socket socket = new Socket()) {
                    socket.connect(address, 10_000);
                    t.connectNanos.add(System.nanoTime() - started);
                    socket.setSoTimeout(10_000);
                    socket.getOutputStream().write(request);
                    String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                    if (answer.startsWith("HTTP/1.1 200") && answer.endsWith("\r\n\r\nok")) {
                        t.requests.incrementAndGet();
                    } else {
                        t.fail("fresh connection: " + answer.lines().findFirst().orElse("(nothing)"));
                    }
                } catch (ConnectException e) {
                    t.refused.incrementAndGet();
                    t.fail("fresh connection refused: " + e);
                } catch (IOException e) {
                    t.fail("fresh connection: " + e);
                }
                Thread.sleep(pause);
            });
        }
    }

    /** {@code clients} loops sharing one HttpClient (so one keep-alive connection each), {@code GET url} = ok. */
    void keepAliveRequests(int clients, String url, Duration pause) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build();
        for (int i = 0; i < clients; i++) {
            loop("keep-alive-" + i, () -> {
                Tally t = tally.get();
                try {
                    HttpResponse<String> response = keepAlive.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200 && response.body().equals("ok")) {
                        t.requests.incrementAndGet();
                    } else {
                        t.fail("keep-alive: " + response.statusCode() + " " + response.body());
                    }
                } catch (IOException e) {
                    t.fail("keep-alive: " + e);
                }
                Thread.sleep(pause);
            });
        }
    }

    /** {@code clients} loops, each reading one whole stream from {@link #streamingBackend} through {@code port}. */
    void tcpStreams(int clients, int port) {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        for (int i = 0; i < clients; i++) {
            loop("stream-" + i, () -> {
                Tally t = tally.get();
                try (Socket socket = new Socket()) {
                    socket.connect(address, 10_000);
                    socket.setSoTimeout(15_000);
                    InputStream in = socket.getInputStream();
                    byte[] buffer = new byte[STREAM_CHUNK];
                    long at = 0;
                    int read;
                    while ((read = in.read(buffer)) > 0) {
                        for (int k = 0; k < read; k++) {
                            if (buffer[k] != patternByte(at + k)) {
                                throw new IOException("byte " + (at + k) + " differs");
                            }
                        }
                        at += read;
                    }
                    if (at == STREAM_BYTES) {
                        t.streams.incrementAndGet();
                    } else {
                        t.fail("tcp stream ended after " + at + " of " + STREAM_BYTES + " bytes");
                    }
                } catch (IOException e) {
                    t.fail("tcp stream: " + e);
                }
            });
        }
    }

    /** {@code clients} loops, each a WebSocket session of {@link #WEBSOCKET_MESSAGES} echoed messages. */
    void webSocketSessions(int clients, String url) {
        for (int i = 0; i < clients; i++) {
            String name = "ws-" + i;
            loop(name, () -> {
                Tally t = tally.get();
                LinkedBlockingQueue<String> echoes = new LinkedBlockingQueue<>();
                CompletableFuture<Integer> closed = new CompletableFuture<>();
                try {
                    WebSocket socket = webSockets.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                            .buildAsync(URI.create(url), new Echoes(echoes, closed)).get(15, TimeUnit.SECONDS);
                    for (int m = 0; m < WEBSOCKET_MESSAGES; m++) {
                        String text = name + " message " + m;
                        socket.sendText(text, true).get(10, TimeUnit.SECONDS);
                        String echo = echoes.poll(10, TimeUnit.SECONDS);
                        if (!("echo: " + text).equals(echo)) {
                            t.fail("websocket: sent '" + text + "', got '" + echo + "'");
                            socket.abort();
                            return;
                        }
                        t.webSocketMessages.incrementAndGet();
                        Thread.sleep(100);
                    }
                    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
                    closed.get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    t.fail("websocket: " + e);
                }
            });
        }
    }

    /** A TCP server that sends every client {@link #STREAM_BYTES} of a known pattern, slowly, then closes. */
    static ServerSocket streamingBackend() throws IOException {
        ServerSocket server = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("streaming-backend").start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Thread.ofVirtual().start(() -> stream(client));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return server;
    }

    private static void stream(Socket client) {
        try (client) {
            byte[] chunk = new byte[STREAM_CHUNK];
            for (long at = 0; at < STREAM_BYTES; at += STREAM_CHUNK) {
                for (int k = 0; k < STREAM_CHUNK; k++) {
                    chunk[k] = patternByte(at + k);
                }
                client.getOutputStream().write(chunk);
                Thread.sleep(STREAM_PAUSE);
            }
        } catch (IOException | InterruptedException e) {
            // the client went away: its side counts the failure
        }
    }

    static byte patternByte(long at) {
        return (byte) (at * 31 + (at >>> 8) + 7);
    }

    private interface Step {
        void run() throws Exception;
    }

    private void loop(String name, Step step) {
        threads.add(Thread.ofVirtual().name(name).start(() -> {
            while (running) {
                try {
                    step.run();
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    tally.get().fail(name + ": " + e);
                }
            }
        }));
    }

    /** Lets every client finish what it is doing (a stream or a session completes), then stops them. */
    void finish(Duration bound) throws InterruptedException {
        running = false;
        long deadline = System.nanoTime() + bound.toNanos();
        for (Thread thread : threads) {
            thread.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        }
    }

    @Override
    public void close() {
        running = false;
        threads.forEach(Thread::interrupt);
        keepAlive.close();
        webSockets.close();
    }

    private record Echoes(LinkedBlockingQueue<String> echoes, CompletableFuture<Integer> closed)
            implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            echoes.add(data.toString());
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }
    }
}
