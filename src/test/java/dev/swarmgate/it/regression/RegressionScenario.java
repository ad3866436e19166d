package dev.swarmgate.it.regression;

import dev.swarmgate.it.GatewayUnderTest;
import dev.swarmgate.testing.RawBackend;
import dev.swarmgate.testing.RawHttp;
import dev.swarmgate.testing.ResponseHead;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One regression scenario: a raw backend and the proxy routing {@code /demo} to it, both closed after the test
 * ({@code @RegisterExtension final RegressionScenario scenario = new RegressionScenario();}).
 */
final class RegressionScenario implements AfterEachCallback {

    private GatewayUnderTest gateway;
    private RawBackend backend;

    /** Starts the proxy with its defaults and {@code env}, routing {@code /demo} to {@code backend}. */
    GatewayUnderTest start(RawBackend backend, Map<String, String> env) {
        this.backend = backend;
        gateway = GatewayUnderTest.start(env);
        gateway.route("demo", backend.port(), "servicePath=/demo");
        return gateway;
    }

    GatewayUnderTest start(RawBackend backend) {
        return start(backend, Map.of());
    }

    GatewayUnderTest gateway() {
        return gateway;
    }

    RawBackend backend() {
        return backend;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (gateway != null) {
            gateway.close();
            gateway = null;
        }
        if (backend != null) {
            backend.close();
            backend = null;
        }
    }

    /** The body of a response whose head announced a Content-Length. */
    static String body(RawHttp client, ResponseHead head) {
        int length = Integer.parseInt(head.header("Content-Length").orElseThrow(
                () -> new AssertionError("no Content-Length in " + head)));
        return new String(client.readBytes(length), StandardCharsets.ISO_8859_1);
    }

    /** Reads a chunked body to its last chunk; fails if the connection ends before it. */
    static String chunkedBody(RawHttp client) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(client);
            int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
            if (size == 0) {
                while (!line(client).isEmpty()) {
                    // trailers
                }
                return body.toString(StandardCharsets.ISO_8859_1);
            }
            body.writeBytes(client.readBytes(size));
            line(client);
        }
    }

    private static String line(RawHttp client) {
        StringBuilder line = new StringBuilder();
        while (true) {
            char c = (char) client.readBytes(1)[0];
            if (c == '\n' && !line.isEmpty() && line.charAt(line.length() - 1) == '\r') {
                return line.substring(0, line.length() - 1);
            }
            line.append(c);
        }
    }
}
