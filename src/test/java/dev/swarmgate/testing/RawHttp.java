package dev.swarmgate.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A plain socket to 127.0.0.1 that writes exactly the bytes a test gives it, for requests no well-behaved client
 * would send (malformed request lines, bare LF, conflicting lengths, slow or partial writes), and reads the
 * response head back with a timeout.
 */
public final class RawHttp implements AutoCloseable {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final int CRLF_CRLF = 0x0D0A0D0A;
    private static final int LF_LF = 0x0A0A;

    private final Socket socket;
    private final InputStream in;

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
    }

    /** Connects to 127.0.0.1:port; every later read gives up after {@code timeout}. */
    public static RawHttp connect(int port, Duration timeout) {
        Socket socket = new Socket();
        try {
            int millis = Math.toIntExact(timeout.toMillis());
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), millis);
            socket.setSoTimeout(millis);
            socket.setTcpNoDelay(true);
            return new RawHttp(socket);
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException("could not connect to 127.0.0.1:" + port, e);
        }
    }

    /** Connects to 127.0.0.1:port with the {@link #DEFAULT_TIMEOUT}. */
    public static RawHttp connect(int port) {
        return connect(port, DEFAULT_TIMEOUT);
    }

    /** One shot: connect, write {@code request} (ISO-8859-1, sent as is), read the response head, close. */
    public static ResponseHead exchange(int port, String request) {
        try (RawHttp http = connect(port)) {
            return http.write(request).readHead();
        }
    }

    /** Writes the bytes as they are: no line-ending fix-up, no headers added. */
    public RawHttp write(byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("write to " + socket.getRemoteSocketAddress() + " failed", e);
        }
    }

    /** Writes the text as ISO-8859-1 bytes, so every char below 256 becomes exactly one byte. */
    public RawHttp write(String text) {
        return write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Half-closes the connection: the peer sees end of input while this side can still read. */
    public RawHttp shutdownOutput() {
        try {
            socket.shutdownOutput();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads up to and including the empty line that ends the response head (CRLF CRLF, or LF LF from a lax peer).
     *
     * @throws IllegalStateException if the peer closes first, the timeout passes, or the head exceeds 64 KiB
     */
    public ResponseHead readHead() {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last = 0; // the last four bytes read, newest in the low byte
        try {
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new IllegalStateException("connection closed before a complete response head; got: '"
                            + head.toString(StandardCharsets.ISO_8859_1) + "'");
                }
                head.write(b);
                last = (last << 8) | b;
                if (last == CRLF_CRLF || (last & 0xFFFF) == LF_LF) {
                    return ResponseHead.parse(head.toString(StandardCharsets.ISO_8859_1));
                }
                if (head.size() > MAX_HEAD_BYTES) {
                    throw new IllegalStateException("response head longer than " + MAX_HEAD_BYTES + " bytes");
                }
            }
        } catch (SocketTimeoutException e) {
            throw new IllegalStateException("no complete response head within " + timeout() + "; got: '"
                    + head.toString(StandardCharsets.ISO_8859_1) + "'", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads exactly {@code n} body bytes, e.g. the {@code Content-Length} of the head just read. */
    public byte[] readBytes(int n) {
        try {
            byte[] bytes = in.readNBytes(n);
            if (bytes.length < n) {
                throw new IllegalStateException("connection closed after " + bytes.length + " of " + n + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads until the peer closes (e.g. an HTTP/1.0 body or {@code Connection: close}); bounded by the timeout. */
    public byte[] readToEnd() {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether the peer has closed the connection: true on end of stream or reset, false if it is still open when
     * the timeout passes. Any bytes still pending are read and discarded.
     */
    public boolean isClosedByPeer() {
        try {
            while (in.read() >= 0) {
                // discard what is left of a response
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // connection reset
        }
    }

    private Duration timeout() {
        try {
            return Duration.ofMillis(socket.getSoTimeout());
        } catch (IOException e) {
            return Duration.ZERO;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a test socket cannot fail in a way a test cares about
        }
    }
}
