package dev.swarmgate.proxy.http;

import dev.swarmgate.config.Compression.Coding;
import dev.swarmgate.routing.rules.CompressionPolicy;
import dev.swarmgate.routing.rules.ResponseView;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;

import java.util.Iterator;

/**
 * Switches a response to compressed when the route's {@link CompressionPolicy} says so: edits the head and puts a
 * {@link BodyCompressor} in front of the client connection's handler for the body that follows. The exchange then
 * frames the body as it does any body without a length: chunked for an HTTP/1.1 client, until the close for an
 * HTTP/1.0 one.
 */
final class ResponseCompression {

    private static final String ACCEPT_ENCODING_VARY = "Accept-Encoding";

    private ResponseCompression() {
    }

    /**
     * Decides from the response head and the request whether the response body is compressed; when it is, edits the
     * head (Content-Encoding, Vary, no Content-Length or Accept-Ranges, a weak ETag) and puts a compressing handler
     * before {@code client}'s handler, which compresses the body parts written after the head and leaves the
     * pipeline at the last one.
     */
    static void engage(ChannelHandlerContext client, CompressionPolicy policy, HttpRequest request,
                       HttpResponse response) {
        HttpHeaders headers = response.headers();
        Coding coding = policy.select(acceptEncoding(request.headers()), new HeadView(response));
        // A closed connection would never see the body's end, and so never remove the handler.
        if (coding == null || !client.channel().isActive()) {
            return;
        }
        ChannelPipeline pipeline = client.pipeline();
        if (pipeline.get(BodyCompressor.NAME) != null) {
            // Left over by a response that never ended (cannot happen while the exchange ends every body).
            pipeline.remove(BodyCompressor.NAME);
        }
        pipeline.addBefore(client.name(), BodyCompressor.NAME, new BodyCompressor(coding));
        headers.set(HttpHeaderNames.CONTENT_ENCODING, coding.contentCoding());
        // The length was the identity body's; a range of the identity body would not fit the compressed one.
        headers.remove(HttpHeaderNames.CONTENT_LENGTH);
        headers.remove(HttpHeaderNames.ACCEPT_RANGES);
        varyOnAcceptEncoding(headers);
        weakenETag(headers);
    }

    /** Every {@code Accept-Encoding} line as one list (a single line, the usual case, is not copied). */
    private static String acceptEncoding(HttpHeaders headers) {
        Iterator<String> values = headers.valueStringIterator(HttpHeaderNames.ACCEPT_ENCODING);
        if (!values.hasNext()) {
            return null;
        }
        String first = values.next();
        if (!values.hasNext()) {
            return first;
        }
        StringBuilder joined = new StringBuilder(first);
        while (values.hasNext()) {
            joined.append(',').append(values.next());
        }
        return joined.toString();
    }

    /** Caches must keep the compressed and the identity response apart. */
    private static void varyOnAcceptEncoding(HttpHeaders headers) {
        for (String vary : headers.getAll(HttpHeaderNames.VARY)) {
            if (vary.contains("*") || containsIgnoreCase(vary, ACCEPT_ENCODING_VARY)) {
                return;
            }
        }
        headers.add(HttpHeaderNames.VARY, ACCEPT_ENCODING_VARY);
    }

    /**
     * The compressed body is not byte-for-byte the one a strong validator names (RFC 9110 §8.8.1); nginx and HAProxy
     * weaken it, so a conditional request with it still matches.
     */
    private static void weakenETag(HttpHeaders headers) {
        String etag = headers.get(HttpHeaderNames.ETAG);
        if (etag != null && etag.startsWith("\"")) {
            headers.set(HttpHeaderNames.ETAG, "W/" + etag);
        }
    }

    private static boolean containsIgnoreCase(String text, String word) {
        int last = text.length() - word.length();
        for (int i = 0; i <= last; i++) {
            if (text.regionMatches(true, i, word, 0, word.length())) {
                return true;
            }
        }
        return false;
    }

    /** What the policy reads of the head: the first value of a header, as HAProxy reads Content-Type. */
    private record HeadView(HttpResponse response) implements ResponseView {

        @Override
        public int status() {
            return response.status().code();
        }

        @Override
        public String header(CharSequence name) {
            return response.headers().get(name);
        }

        @Override
        public void addHeader(CharSequence name, String value) {
            throw new UnsupportedOperationException("the compression policy only reads the head");
        }

        @Override
        public void setHeader(CharSequence name, String value) {
            throw new UnsupportedOperationException("the compression policy only reads the head");
        }

        @Override
        public void removeHeader(CharSequence name) {
            throw new UnsupportedOperationException("the compression policy only reads the head");
        }
    }
}
