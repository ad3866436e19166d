package dev.swarmgate.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/**
 * A backend made of a plain server socket that records exactly the bytes it receives, in the spirit of HAProxy's
 * {@code reg-tests} servers: every connection runs a {@link Script} the test gives, so a backend can answer with
 * bytes no real server would send (interim responses, corrupt chunks, invalid status codes), and a smuggled byte
 * cannot hide behind a parser that tolerated it.
 */
public final class RawBackend implements AutoCloseable {

    /** What the backend does with one accepted connection; it runs on its own thread. */
    @FunctionalInterface
    public interface Script {
        void run(Connection connection) throws IOException, InterruptedException;
    }

    private final ServerSocket server;
    private final Script script;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();

    private RawBackend(Script script) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.script = script;
        threads.execute(this::acceptLoop);
    }

    /** A backend running {@code script} on every connection it accepts. */
    public static RawBackend start(Script script) {
        try {
            return new RawBackend(script);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1", e);
        }
    }

    /**
     * A well-behaved keep-alive HTTP/1.1 server: it reads each request with its body (Content-Length or chunked) and
     * answers 200 with the request line as the body, until the peer closes.
     */
    public static RawBackend echoingRequestLines() {
        return start(RawBackend::echoRequestLines);
    }

    /** The script of {@link #echoingRequestLines()}, for scripts that start differently and then behave. */
    public static void echoRequestLines(Connection connection) throws IOException {
        String head;
        while ((head = connection.readHead()) != null) {
            connection.readBody(head);
            String line = head.substring(0, head.indexOf("\r\n"));
            connection.write("HTTP/1.1 200 OK\r\nContent-Length: " + line.length() + "\r\n\r\n" + line);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Every byte received, connection after connection in the order they were accepted (ISO-8859-1). */
    public String received() {
        StringBuilder all = new StringBuilder();
        for (Connection connection : connections) {
            all.append(connection.received());
        }
        return all.toString();
    }

    /** The request lines of every head a script read, in the order they were read. */
    public List<String> requestLines() {
        return List.copyOf(requestLines);
    }

    /** How many connections were accepted so far. */
    public int connectionCount() {
        return accepted.get();
    }

    /** The accepted connections, in order. */
    public List<Connection> connections() {
        return List.copyOf(connections);
    }

    /** Waits until {@code n} request heads have been read, failing after {@code timeout}. */
    public void awaitRequests(int n, Duration timeout) {
        await().atMost(timeout).until(() -> requestLines.size() >= n);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            accepted.incrementAndGet();
            Connection connection;
            try {
                connection = new Connection(socket);
            } catch (IOException e) {
                closeQuietly(socket);
                continue;
            }
            connections.add(connection);
            threads.execute(() -> {
                try {
                    script.run(connection);
                } catch (IOException | InterruptedException e) {
                    // the proxy closed or reset the connection: what was received is recorded
                } finally {
                    connection.close();
                }
            });
        }
    }

    @Override
    public void close() {
        closeQuietly(server);
        connections.forEach(Connection::close);
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // a test socket that fails to close affects nothing
        }
    }

    /** One accepted connection: reads are recorded, writes go out as the exact bytes given. */
    public final class Connection {

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private volatile boolean closedByPeer;

        private Connection(Socket socket) throws IOException {
            this.socket = socket;
            socket.setTcpNoDelay(true);
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        /** Everything read from this connection so far (ISO-8859-1). */
        public String received() {
            synchronized (received) {
                return received.toString(StandardCharsets.ISO_8859_1);
            }
        }

        private int read() throws IOException {
            int b;
            try {
                b = in.read();
            } catch (SocketException reset) {
                if (!socket.isClosed()) {
                    closedByPeer = true;
                }
                throw reset;
            }
            if (b >= 0) {
                synchronized (received) {
                    received.write(b);
                }
            } else {
                closedByPeer = true;
            }
            return b;
        }

        /** Whether a read on this connection saw the proxy close it (end of input or a reset). */
        public boolean closedByPeer() {
            return closedByPeer;
        }

        /**
         * Reads a request head up to and including its empty line; null when the peer closed before sending a byte
         * of it. The request line is recorded in {@link RawBackend#requestLines()}.
         */
        public String readHead() throws IOException {
            StringBuilder head = new StringBuilder();
            while (true) {
                int b;
                try {
                    b = read();
                } catch (SocketException e) {
                    b = -1; // reset
                }
                if (b < 0) {
                    if (head.isEmpty()) {
                        return null;
                    }
                    throw new IOException("peer closed in the middle of a head: " + head);
                }
                head.append((char) b);
                int n = head.length();
                if (n >= 4 && head.charAt(n - 4) == '\r' && head.charAt(n - 3) == '\n'
                        && head.charAt(n - 2) == '\r' && head.charAt(n - 1) == '\n') {
                    requestLines.add(head.substring(0, head.indexOf("\r\n")));
                    return head.toString();
                }
            }
        }

        /** Reads the body the head announces: Content-Length bytes, or chunks up to the last one; "" if none. */
        public String readBody(String head) throws IOException {
            String lower = head.toLowerCase(Locale.ROOT);
            if (lower.contains("\r\ntransfer-encoding: chunked\r\n")) {
                StringBuilder body = new StringBuilder();
                while (true) {
                    String sizeLine = readLine();
                    int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
                    if (size == 0) {
                        // trailers up to the empty line
                        while (!readLine().isEmpty()) {
                            // trailer fields are not needed
                        }
                        return body.toString();
                    }
                    body.append(readExactly(size));
                    readLine();
                }
            }
            int at = lower.indexOf("\r\ncontent-length:");
            if (at < 0) {
                return "";
            }
            int end = lower.indexOf("\r\n", at + 2);
            int length = Integer.parseInt(head.substring(at + "\r\ncontent-length:".length(), end).trim());
            return readExactly(length);
        }

        private String readLine() throws IOException {
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = read()) >= 0) {
                if (b == '\n' && !line.isEmpty() && line.charAt(line.length() - 1) == '\r') {
                    return line.substring(0, line.length() - 1);
                }
                line.append((char) b);
            }
            throw new IOException("peer closed in the middle of a line: " + line);
        }

        private String readExactly(int n) throws IOException {
            StringBuilder bytes = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                int b = read();
                if (b < 0) {
                    throw new IOException("peer closed after " + i + " of " + n + " body bytes");
                }
                bytes.append((char) b);
            }
            return bytes.toString();
        }

        /** Writes the text as ISO-8859-1 bytes, exactly, and flushes. */
        public void write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /**
         * Reads until the peer closes this connection (end of input or reset), recording anything sent before; false
         * after {@code timeout}. For the connection's own script: a test awaits {@link #closedByPeer()} instead.
         */
        public boolean awaitClosedByPeer(Duration timeout) throws IOException {
            socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
            try {
                while (read() >= 0) {
                    // recorded
                }
                return true;
            } catch (java.net.SocketTimeoutException e) {
                return false;
            } catch (SocketException e) {
                return true; // reset
            }
        }

        /** The proxy's side of this connection. */
        public InetSocketAddress peer() {
            return (InetSocketAddress) socket.getRemoteSocketAddress();
        }

        public void close() {
            closeQuietly(socket);
        }
    }
}
