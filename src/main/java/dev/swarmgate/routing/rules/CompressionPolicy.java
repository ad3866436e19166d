package dev.swarmgate.routing.rules;

import dev.swarmgate.config.Compression;
import dev.swarmgate.config.Compression.Coding;

import java.util.List;

/**
 * When a route's responses are compressed, and how: compiled from {@link Compression}. The decision is made once per
 * response from its head and the request's {@code Accept-Encoding}, without allocating. A response is compressed
 * only when all of these hold (HAProxy's rules, with nginx's size floor):
 * <ul>
 *   <li>its status is 200, 201, 202 or 203 (so never a 206 or an error page);</li>
 *   <li>it has no {@code Content-Encoding} (already encoded) and no {@code Content-Range};</li>
 *   <li>{@code Cache-Control} does not say {@code no-transform};</li>
 *   <li>its {@code Content-Length}, when it has one, is at least {@link #MIN_LENGTH} bytes;</li>
 *   <li>its {@code Content-Type} is one of the route's types (never {@code multipart/*});</li>
 *   <li>the client accepts one of the route's codings with a q-value above 0 ({@link AcceptEncoding}).</li>
 * </ul>
 * HEAD, 204 and 304 responses have no body and never reach the policy.
 */
public final class CompressionPolicy {

    /** Smaller bodies gain nothing: the gzip frame alone is 18 bytes and the headers dwarf the saving. */
    public static final long MIN_LENGTH = 256;

    /** The types compressed when {@code compressionType} is not given: text that compresses well. */
    public static final List<String> DEFAULT_TYPES = List.of(
            "text/html", "text/plain", "text/css", "text/javascript", "text/xml", "text/csv", "text/markdown",
            "application/javascript", "application/x-javascript", "application/json", "application/ld+json",
            "application/manifest+json", "application/problem+json", "application/xml", "application/xhtml+xml",
            "application/rss+xml", "application/atom+xml", "image/svg+xml");

    private final Compression compression;
    private final Coding[] codings;
    /** Whole media types, compared exactly. */
    private final String[] types;
    /** {@code text/} for {@code text/*} and {@code text/}: the media type must start with it. */
    private final String[] prefixes;

    CompressionPolicy(Compression compression) {
        this.compression = compression;
        this.codings = compression.codings().toArray(Coding[]::new);
        List<String> given = compression.mimeTypes().isEmpty() ? DEFAULT_TYPES : compression.mimeTypes();
        this.types = given.stream().filter(type -> !type.endsWith("/") && !type.endsWith("/*"))
                .toArray(String[]::new);
        this.prefixes = given.stream().filter(type -> type.endsWith("/") || type.endsWith("/*"))
                .map(type -> type.endsWith("*") ? type.substring(0, type.length() - 1) : type)
                .toArray(String[]::new);
    }

    public static CompressionPolicy of(Compression compression) {
        return new CompressionPolicy(compression);
    }

    public Compression compression() {
        return compression;
    }

    /**
     * The coding this response is compressed with, or null when it passes as it is.
     *
     * @param acceptEncoding the request's {@code Accept-Encoding} (its lines joined by commas), or null
     */
    public Coding select(CharSequence acceptEncoding, ResponseView response) {
        int status = response.status();
        if (status < 200 || status > 203) {
            return null;
        }
        Coding coding = AcceptEncoding.preferred(acceptEncoding, codings);
        if (coding == null || !compressible(response)) {
            return null;
        }
        return coding;
    }

    private boolean compressible(ResponseView response) {
        if (response.header("Content-Encoding") != null || response.header("Content-Range") != null) {
            return false;
        }
        String cacheControl = response.header("Cache-Control");
        if (cacheControl != null && containsIgnoreCase(cacheControl, "no-transform")) {
            return false;
        }
        String length = response.header("Content-Length");
        if (length != null && !longEnough(length)) {
            return false;
        }
        String contentType = response.header("Content-Type");
        return contentType != null && typeMatches(contentType);
    }

    private static boolean longEnough(String length) {
        try {
            return Long.parseLong(length.strip()) >= MIN_LENGTH;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Compares the media type (before any {@code ;} parameter) without regard to case, as RFC 9110 §8.3.1 says. */
    boolean typeMatches(String contentType) {
        int start = 0;
        int end = contentType.indexOf(';');
        if (end < 0) {
            end = contentType.length();
        }
        while (start < end && isSpace(contentType.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(contentType.charAt(end - 1))) {
            end--;
        }
        int length = end - start;
        if (contentType.regionMatches(true, start, "multipart/", 0, 10)) {
            return false;
        }
        for (String type : types) {
            if (type.length() == length && contentType.regionMatches(true, start, type, 0, length)) {
                return true;
            }
        }
        for (String prefix : prefixes) {
            if (prefix.length() < length && contentType.regionMatches(true, start, prefix, 0, prefix.length())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    private static boolean containsIgnoreCase(String text, String lowerWord) {
        int last = text.length() - lowerWord.length();
        for (int i = 0; i <= last; i++) {
            if (text.regionMatches(true, i, lowerWord, 0, lowerWord.length())) {
                return true;
            }
        }
        return false;
    }
}
