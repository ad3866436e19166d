package dev.swarmgate.it.swarm;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests sent back to back by a few client threads, each over one HTTP/1.1 keep-alive connection for as long as
 * the proxy keeps it open: a client opens a new connection only after an answer with {@code Connection: close} (what
 * a draining proxy answers) or after a failure. The counterpart of {@code RequestStream}'s fresh connections, for the
 * connections a take-over finds in use. A failure is anything but a complete 200; there is no retry.
 */
final class KeepAliveRequests {

    private static final int TIMEOUT_MILLIS = 10_000;
    private static final int KEPT_FAILURES = 20;

    private final int port;
    private final String path;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger closedByProxy = new AtomicInteger();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> clients = new ArrayList<>();
    private final long start = System.nanoTime();

    private KeepAliveRequests(int port, String path) {
        this.port = port;
        this.path = path;
    }

    /** Starts {@code clients} threads sending {@code GET <path>?k=<i>} to 127.0.0.1:port until {@link #stop}. */
    static KeepAliveRequests start(int port, String path, int clients) {
        KeepAliveRequests requests = new KeepAliveRequests(port, path);
        for (int i = 0; i < clients; i++) {
            requests.clients.add(Thread.ofPlatform().daemon().name("keep-alive-" + i).start(requests::send));
        }
        return requests;
    }

    int sent() {
        return sent.get();
    }

    private void send() {
        Socket socket = null;
        while (running.get()) {
            int n = sent.incrementAndGet();
            try {
                if (socket == null) {
                    socket = connect();
                }
                Response response = exchange(socket, n);
                if (response.status() != 200) {
                    fail(n, "status " + response.status());
                }
                if (response.close()) {
                    closedByProxy.incrementAndGet();
                    socket.close();
                    socket = null;
                }
            } catch (IOException | RuntimeException e) {
                fail(n, e.toString());
                socket = closeQuietly(socket);
            }
        }
        closeQuietly(socket);
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MILLIS);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        connections.incrementAndGet();
        return socket;
    }

    private Response exchange(Socket socket, int n) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + "?k=" + n + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nUser-Agent: swarmgate-keep-alive-test\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = new BufferedInputStream(socket.getInputStream()) {
            @Override
            public void close() {
                // the socket outlives this reader; closing it would close the socket
            }
        };
        String statusLine = line(in);
        if (!statusLine.startsWith("HTTP/1.1 ")) {
            throw new IOException("not an HTTP/1.1 response: '" + statusLine + "'");
        }
        int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
        int length = -1;
        boolean close = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(lower.substring(15).strip());
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        if (length < 0) {
            throw new IOException("no Content-Length in the answer (the backend sends one)");
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new IOException("body cut after " + body.length + " of " + length + " bytes");
        }
        if (in.available() > 0) {
            // a BufferedInputStream per exchange would lose bytes read ahead; the client sends one request at a time
            throw new IOException("bytes after the response: the proxy answered more than was asked");
        }
        return new Response(status, close);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed in the response head" + (line.size() == 0
                        ? " (before a byte of this response)" : ""));
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private void fail(int n, String why) {
        failed.incrementAndGet();
        if (failures.size() < KEPT_FAILURES) {
            failures.add(String.format("request %d at +%d ms: %s", n, (System.nanoTime() - start) / 1_000_000, why));
        }
    }

    private static Socket closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a failed connection: nothing left to do
            }
        }
        return null;
    }

    /** Stops sending, waits for the requests under way, and returns the tally. */
    Tally stop() throws InterruptedException {
        running.set(false);
        for (Thread client : clients) {
            client.join(TIMEOUT_MILLIS + 5_000);
        }
        return new Tally(sent.get(), failed.get(), connections.get(), closedByProxy.get(), List.copyOf(failures));
    }

    private record Response(int status, boolean close) {
    }

    /**
     * What the clients did: requests, failures (the first few with their time), connections opened, and how many of
     * those the proxy ended with {@code Connection: close}.
     */
    record Tally(int sent, int failed, int connections, int closedByProxy, List<String> firstFailures) {

        String describe() {
            return String.format("%d keep-alive requests on %d connection(s) (%d ended by Connection: close), %d failed%s",
                    sent, connections, closedByProxy, failed,
                    firstFailures.isEmpty() ? "" : " (first: " + String.join("; ", firstFailures) + ")");
        }
    }
}
