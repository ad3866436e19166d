package dev.swarmgate.routing.rules;

import dev.swarmgate.config.Compression;

/**
 * When a route's responses are compressed, and how: compiled from {@link Compression}. The decision is made once per
 * response from its head and the request's {@code Accept-Encoding}.
 */
public final class CompressionPolicy {

    private final Compression compression;

    CompressionPolicy(Compression compression) {
        this.compression = compression;
    }

    public static CompressionPolicy of(Compression compression) {
        return new CompressionPolicy(compression);
    }

    public Compression compression() {
        return compression;
    }
}
