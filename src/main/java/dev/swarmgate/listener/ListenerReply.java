package dev.swarmgate.listener;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A complete answer of the listener's HTTP API, written by {@link ListenerHandler}. */
record ListenerReply(int status, String contentType, byte[] body) {

    static final ObjectMapper JSON = new ObjectMapper();

    static ListenerReply json(int status, Object value) {
        try {
            return new ListenerReply(status, "application/json", JSON.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("listener reply cannot be serialised", e);
        }
    }

    /** DFSL's {@code {"Status":"OK"}}. */
    static ListenerReply ok() {
        return json(200, Map.of("Status", "OK"));
    }

    /** {@code {"Status":"NOK","Message":...}}, the shape of DFP's errors. */
    static ListenerReply problem(int status, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("Status", "NOK");
        body.put("Message", message);
        return json(status, body);
    }

    static ListenerReply text(int status, String contentType, String text) {
        return new ListenerReply(status, contentType, text.getBytes(StandardCharsets.UTF_8));
    }
}
