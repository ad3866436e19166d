package dev.swarmgate.config;

import java.util.List;

/**
 * A header value as a sequence of literal text and sample fetches (HAProxy's {@code %[src]}, {@code %[dst_port]},
 * {@code %[req.hdr(Host)]}, ...), evaluated per message.
 */
public record HeaderValue(List<Part> parts) {

    public HeaderValue {
        parts = List.copyOf(parts);
    }

    public static final HeaderValue EMPTY = new HeaderValue(List.of());

    /** A value that is the text itself. */
    public static HeaderValue literal(String text) {
        return new HeaderValue(List.of(new Literal(text)));
    }

    /** Whether the value is the same for every message (no fetch in it). */
    public boolean isLiteral() {
        return parts.stream().allMatch(part -> part instanceof Literal);
    }

    /** A piece of a value. */
    public sealed interface Part permits Literal, Fetch {
    }

    /** Text used as it is. */
    public record Literal(String text) implements Part {
    }

    /** A value taken from the message or its connection; {@code argument} is the header name, if any. */
    public record Fetch(SampleFetch fetch, String argument) implements Part {
    }

    /** The sample fetches Swarmgate evaluates. */
    public enum SampleFetch {
        /** The client's address ({@code src}). */
        SRC,
        /** The client's port ({@code src_port}). */
        SRC_PORT,
        /** The address the client connected to ({@code dst}). */
        DST,
        /** The port the client connected to ({@code dst_port}). */
        DST_PORT,
        /** "1" when the client connection is TLS, else "0" ({@code ssl_fc}). */
        SSL_FC,
        /**
         * A request header's last value ({@code req.hdr(Name)}, {@code hdr(Name)}); as in HAProxy, commas separate
         * values, so this is what follows the last comma of the last line, trimmed.
         */
        REQUEST_HEADER,
        /** A response header's last value, comma-separated as {@link #REQUEST_HEADER} ({@code res.hdr(Name)}). */
        RESPONSE_HEADER,
        /** A request header's last line, whole ({@code req.fhdr(Name)}). */
        REQUEST_FULL_HEADER,
        /** A response header's last line, whole ({@code res.fhdr(Name)}). */
        RESPONSE_FULL_HEADER
    }
}
