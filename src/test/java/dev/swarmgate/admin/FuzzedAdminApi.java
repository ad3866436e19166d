package dev.swarmgate.admin;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swarmgate.config.dfp.ServiceParameters;
import dev.swarmgate.testing.RawHttp;
import dev.swarmgate.testing.ResponseHead;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real admin server (HTTP codec, router, DFP parser, store, the {@code distribute=true} fan-out back to itself)
 * on 127.0.0.1 for a whole fuzz run, and one keep-alive socket that writes each request exactly as given. The store
 * is emptied before every request, so a finding replays alone.
 */
final class FuzzedAdminApi implements AutoCloseable {

    static final String DFP = AdminRouter.DFP;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AdminFixture admin;
    private final ServiceParameters parser = new ServiceParameters(AdminFixture.settings(Optional.empty()));
    private RawHttp client;

    FuzzedAdminApi() throws InterruptedException {
        admin = new AdminFixture(parser::parse, Optional.empty(), () -> null);
    }

    ServiceParameters parser() {
        return parser;
    }

    /** A reply and the JSON body every reconfigure and remove answer carries. */
    record Reply(int status, JsonNode body) {

        String message() {
            return body.path("Message").asText();
        }
    }

    /** Empties the store, so every request meets the same state whatever ran before it. */
    void reset() {
        for (String name : admin.store.services().keySet()) {
            admin.store.remove(name).join();
        }
    }

    /**
     * Sends {@code GET <target> HTTP/1.1} with the target's bytes as they are and reads the whole reply, checking
     * what every reply must be: a JSON body whose Status agrees with the status code.
     */
    Reply get(byte[] target) {
        // Jazzer's request-forgery detector would report the fan-out and this client; only this server is reached.
        BugDetectors.allowNetworkConnections((host, port) -> port == admin.server.port()
                && (host.equals("127.0.0.1") || host.equals("localhost")));
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes("GET ".getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(target);
        request.writeBytes(" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        if (client == null) {
            // Generous: while fuzzing, the first requests load and instrument the server's classes for seconds.
            client = RawHttp.connect(admin.server.port(), Duration.ofSeconds(60));
        }
        ResponseHead head;
        byte[] body;
        try {
            head = client.write(request.toByteArray()).readHead();
            body = client.readBytes(Integer.parseInt(head.header("Content-Length").orElseThrow()));
        } catch (RuntimeException e) {
            // A late reply must not be read as the next request's: that request gets a connection of its own.
            client.close();
            client = null;
            throw e;
        }
        if (head.header("Connection").filter("close"::equalsIgnoreCase).isPresent()) {
            client.close();
            client = null;
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("reply " + head.status() + " is not JSON: "
                    + new String(body, StandardCharsets.UTF_8), e);
        }
        assertThat(json.path("Status").asText()).as("Status of a %d reply: %s", head.status(), json)
                .isEqualTo(head.status() == 200 ? "OK" : "NOK");
        return new Reply(head.status(), json);
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        admin.close();
    }
}
