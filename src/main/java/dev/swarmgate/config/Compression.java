package dev.swarmgate.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code compressionAlgo} and {@code compressionType}: responses of these MIME types are compressed with the first
 * of {@code codings} the client accepts best. An empty type list means the default text types (the data plane
 * knows them). Never empty of codings: {@code compressionAlgo=identity} gives no rule at all.
 *
 * @param codings   the algorithms in the operator's order of preference
 * @param mimeTypes {@code type/subtype}, {@code type/*} or {@code type/} (HAProxy's prefix form), lower case
 */
public record Compression(List<Coding> codings, List<String> mimeTypes) implements HttpRule {

    public Compression {
        codings = List.copyOf(codings);
        mimeTypes = List.copyOf(mimeTypes);
        if (codings.isEmpty()) {
            throw new IllegalArgumentException("compression needs at least one coding");
        }
    }

    /** An algorithm HAProxy's {@code compression algo} knows, with the content coding it announces. */
    public enum Coding {
        /** RFC 1952 gzip. */
        GZIP("gzip", "gzip"),
        /** RFC 9110's {@code deflate}: a zlib stream (RFC 1950). */
        DEFLATE("deflate", "deflate"),
        /** HAProxy's {@code raw-deflate}: a bare deflate stream sent as {@code deflate}, for old broken clients. */
        RAW_DEFLATE("raw-deflate", "deflate");

        private final String algorithm;
        private final String contentCoding;

        Coding(String algorithm, String contentCoding) {
            this.algorithm = algorithm;
            this.contentCoding = contentCoding;
        }

        /** The name in {@code compressionAlgo}. */
        public String algorithm() {
            return algorithm;
        }

        /** The token in {@code Accept-Encoding} and {@code Content-Encoding}. */
        public String contentCoding() {
            return contentCoding;
        }

        /** The coding named {@code algorithm} in any letter case. */
        public static Optional<Coding> named(String algorithm) {
            String lower = algorithm.toLowerCase(Locale.ROOT);
            for (Coding coding : values()) {
                if (coding.algorithm.equals(lower)) {
                    return Optional.of(coding);
                }
            }
            return Optional.empty();
        }
    }
}
