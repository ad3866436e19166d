package dev.swarmgate.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The status line and headers of an HTTP/1.x response, as seen on the wire by {@link RawHttp} or {@link Curl}.
 * Header names are case-insensitive; repeated headers keep every value in order.
 */
public record ResponseHead(String protocol, int status, String reason, Map<String, List<String>> headers) {

    public ResponseHead {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        headers = Collections.unmodifiableMap(copy);
    }

    /** The first value of a header, if present. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** Every value of a header, in the order received; empty if absent. */
    public List<String> headerValues(String name) {
        return headers.getOrDefault(name, List.of());
    }

    /**
     * Parses a head: a status line and header lines separated by CRLF or LF, with or without the final empty line.
     *
     * @throws IllegalArgumentException if the status line is not {@code HTTP/x.y <code> [reason]}
     */
    public static ResponseHead parse(String head) {
        String[] lines = head.split("\r?\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/") || !status[1].matches("\\d{3}")) {
            throw new IllegalArgumentException("not an HTTP status line: '" + lines[0] + "'");
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("not a header line: '" + lines[i] + "'");
            }
            headers.computeIfAbsent(lines[i].substring(0, colon).trim(), name -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        return new ResponseHead(status[0], Integer.parseInt(status[1]), status.length > 2 ? status[2] : "", headers);
    }
}
