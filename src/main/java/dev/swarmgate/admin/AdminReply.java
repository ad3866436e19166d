package dev.swarmgate.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A complete admin response, built off the event loop and written by {@link AdminHandler}. */
record AdminReply(int status, String contentType, byte[] body, Map<String, String> headers) {

    static final ObjectMapper JSON = new ObjectMapper();

    static AdminReply json(int status, Object value) {
        try {
            return new AdminReply(status, "application/json", JSON.writeValueAsBytes(value), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("admin reply cannot be serialised", e);
        }
    }

    static AdminReply text(int status, String text) {
        return new AdminReply(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** A reply with no body, as DFP's {@code successfulinitreload} sends. */
    static AdminReply empty(int status) {
        return new AdminReply(status, "text/plain; charset=utf-8", new byte[0], Map.of());
    }

    static AdminReply redirect(String location) {
        return new AdminReply(301, "text/plain; charset=utf-8", new byte[0], Map.of("Location", location));
    }
}
