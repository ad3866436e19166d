package dev.swarmgate.config;

import java.util.List;

/**
 * {@code compressionAlgo} and {@code compressionType}: responses of these MIME types are compressed with the first of
 * {@code encodings} the client accepts ({@code gzip}, {@code deflate}). An empty type list means text types.
 */
public record Compression(List<String> encodings, List<String> mimeTypes) implements HttpRule {

    public Compression {
        encodings = List.copyOf(encodings);
        mimeTypes = List.copyOf(mimeTypes);
    }
}
