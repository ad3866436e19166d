package dev.swarmgate.httpapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A complete answer of a control-plane HTTP API, built off the event loop and written by {@link ApiHandler}. */
public record ApiReply(int status, String contentType, byte[] body, Map<String, String> headers) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TEXT = "text/plain; charset=utf-8";

    public ApiReply {
        headers = Map.copyOf(headers);
    }

    public static ApiReply json(int status, Object value) {
        try {
            return new ApiReply(status, "application/json", JSON.writeValueAsBytes(value), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("reply cannot be serialised", e);
        }
    }

    public static ApiReply text(int status, String text) {
        return text(status, TEXT, text);
    }

    public static ApiReply text(int status, String contentType, String text) {
        return new ApiReply(status, contentType, text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** A reply with no body, as DFP's {@code successfulinitreload} sends. */
    public static ApiReply empty(int status) {
        return new ApiReply(status, TEXT, new byte[0], Map.of());
    }

    public static ApiReply redirect(String location) {
        return new ApiReply(301, TEXT, new byte[0], Map.of("Location", location));
    }
}
