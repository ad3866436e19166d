package dev.swarmgate.testing.swarm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * One {@code GET} to 127.0.0.1 on a connection of its own ({@code Connection: close}), read to the end. The swarm
 * scenarios send their traffic with it rather than with a pooling client: every request is counted exactly once, a
 * client never retries behind the test's back, and it costs about a millisecond, so a poll every 20 ms measures
 * what the proxy does, not what a process start costs.
 */
public final class FreshGet {

    private static final int MAX_RESPONSE_BYTES = 1 << 20;

    private FreshGet() {
    }

    /**
     * What one request got: the status and body, or the failure (status 0) when there was no complete response.
     * {@code answeredAt} is the wall-clock moment the response was read, comparable with Docker's timestamps.
     */
    public record Answer(int status, String body, String failure, Instant answeredAt) {

        public boolean ok() {
            return status == 200;
        }

        /** One line for logs and failure messages. */
        public String describe() {
            return failure != null ? "no response: " + failure
                    : status + " " + body.strip().replace('\n', ' ');
        }
    }

    /** {@code GET <path>} to 127.0.0.1:port, giving up after {@code timeout} (connect and every read). */
    public static Answer send(int port, String path, Duration timeout) {
        int millis = Math.toIntExact(timeout.toMillis());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), millis);
            socket.setSoTimeout(millis);
            socket.setTcpNoDelay(true);
            String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nConnection: close\r\nUser-Agent: swarmgate-swarm-test\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            byte[] response = readToEnd(socket.getInputStream());
            return parse(new String(response, StandardCharsets.ISO_8859_1));
        } catch (IOException | RuntimeException e) {
            return new Answer(0, "", e.toString(), Instant.now());
        }
    }

    private static byte[] readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) > 0; ) {
            out.write(buffer, 0, n);
            if (out.size() > MAX_RESPONSE_BYTES) {
                throw new IOException("response longer than " + MAX_RESPONSE_BYTES + " bytes");
            }
        }
        return out.toByteArray();
    }

    /** Status and body of a complete HTTP/1.1 response; a truncated one is a failure. */
    static Answer parse(String response) {
        Instant now = Instant.now();
        int headEnd = response.indexOf("\r\n\r\n");
        if (!response.startsWith("HTTP/1.") || headEnd < 0) {
            return new Answer(0, "", "not a complete HTTP response: "
                    + (response.isEmpty() ? "(connection closed without a byte)" : abbreviate(response)), now);
        }
        String[] head = response.substring(0, headEnd).split("\r\n");
        int status = Integer.parseInt(head[0].split(" ", 3)[1]);
        String body = response.substring(headEnd + 4);
        for (String line : head) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                int length = Integer.parseInt(line.substring(line.indexOf(':') + 1).strip());
                if (body.length() < length) {
                    return new Answer(0, "", "body cut after " + body.length() + " of " + length + " bytes: "
                            + abbreviate(response), now);
                }
                body = body.substring(0, length);
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                body = unchunk(body);
                if (body == null) {
                    return new Answer(0, "", "chunked body cut short: " + abbreviate(response), now);
                }
            }
        }
        return new Answer(status, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8),
                null, now);
    }

    /** The data of a chunked body, or null when its last chunk is missing. */
    private static String unchunk(String chunked) {
        StringBuilder data = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            if (lineEnd < 0) {
                return null;
            }
            int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";", 2)[0].strip(), 16);
            if (size == 0) {
                return data.toString();
            }
            int start = lineEnd + 2;
            if (chunked.length() < start + size + 2) {
                return null;
            }
            data.append(chunked, start, start + size);
            at = start + size + 2;
        }
    }

    private static String abbreviate(String text) {
        String oneLine = text.replace("\r\n", " | ");
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
    }
}
