package dev.swarmgate.proxy.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The checks a request head passes before it is routed, beyond what the decoder enforces: one version we speak,
 * framing that has exactly one reading, and exactly one valid authority (RFC 9112 §2.3, §3.2, §6.1). A request that
 * fails is refused with the status {@link #refusal} gives, and nothing of it reaches a backend.
 */
final class RequestHeadCheck {

    /** The request may be routed. */
    static final int ACCEPTABLE = 0;

    private RequestHeadCheck() {
    }

    /** The status to refuse the request with, or {@link #ACCEPTABLE}. */
    static int refusal(HttpRequest request) {
        int version = versionRefusal(request.protocolVersion());
        if (version != ACCEPTABLE) {
            return version;
        }
        if (!isValidTarget(request.uri())) {
            return 400;
        }
        HttpHeaders headers = request.headers();
        if (hasControlCharacterInAValue(headers)) {
            return 400;
        }
        List<String> transferEncoding = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (!transferEncoding.isEmpty() && request.protocolVersion() == HttpVersion.HTTP_1_0) {
            return 400; // HTTP/1.0 has no transfer codings: its framing is faulty (RFC 9112 §6.1)
        }
        int framing = transferEncodingRefusal(transferEncoding);
        if (framing != ACCEPTABLE) {
            return framing;
        }
        List<String> hosts = headers.getAll(HttpHeaderNames.HOST);
        if (hosts.size() > 1) {
            return 400;
        }
        if (hosts.isEmpty()) {
            // HTTP/1.0 predates Host; HTTP/1.1 requires it (an absolute-form target does not excuse its absence).
            return request.protocolVersion() == HttpVersion.HTTP_1_1 ? 400 : ACCEPTABLE;
        }
        String host = hosts.getFirst();
        return host.isEmpty() || Authority.isValid(host) ? ACCEPTABLE : 400;
    }

    /**
     * A field value may hold visible characters, spaces and tabs only (RFC 9110 §5.5): a NUL, a bare CR or another
     * control byte is read differently by different parsers, so such a request is refused rather than passed on.
     */
    private static boolean hasControlCharacterInAValue(HttpHeaders headers) {
        Iterator<Map.Entry<CharSequence, CharSequence>> fields = headers.iteratorCharSequence();
        while (fields.hasNext()) {
            CharSequence value = fields.next().getValue();
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < 0x20 && c != '\t' || c == 0x7f) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Only the decoder's own HTTP/1.0 and HTTP/1.1 constants pass: it returns them for exactly those texts, and a
     * new instance for anything else, e.g. {@code http/1.1} (upper-cased by the decoder, but not a valid version:
     * the protocol name is case-sensitive) or {@code HTTP/2.0} sent as text.
     */
    private static int versionRefusal(HttpVersion version) {
        if (version == HttpVersion.HTTP_1_1 || version == HttpVersion.HTTP_1_0) {
            return ACCEPTABLE;
        }
        if (version.majorVersion() == 1 && version.minorVersion() <= 1) {
            return 400;
        }
        return 505;
    }

    /**
     * A request body is framed by {@code Transfer-Encoding} only when the header is exactly {@code chunked}, once.
     * Any other list is ambiguous between hops (400), or names a coding we cannot decode (501, RFC 9112 §6.1).
     */
    private static int transferEncodingRefusal(List<String> values) {
        if (values.isEmpty()) {
            return ACCEPTABLE;
        }
        if (values.size() > 1) {
            return 400;
        }
        String[] codings = values.getFirst().split(",", -1);
        for (String coding : codings) {
            if (coding.isBlank()) {
                return 400;
            }
        }
        if (codings.length == 1 && codings[0].trim().equalsIgnoreCase("chunked")) {
            return ACCEPTABLE;
        }
        boolean chunkedLast = codings[codings.length - 1].trim().equalsIgnoreCase("chunked");
        boolean chunkedBefore = false;
        boolean identity = false;
        for (int i = 0; i < codings.length - 1; i++) {
            String coding = codings[i].trim();
            chunkedBefore |= coding.equalsIgnoreCase("chunked");
            identity |= coding.equalsIgnoreCase("identity");
        }
        if (!chunkedLast || chunkedBefore || identity) {
            // Without chunked last the body has no length; chunked twice or identity (removed in RFC 7230) is a
            // trick: a proxy and a backend could each pick a different reading.
            return 400;
        }
        return 501;
    }

    /** A request target may not hold control bytes or spaces (RFC 9112 §3.2). */
    private static boolean isValidTarget(String uri) {
        if (uri.isEmpty()) {
            return false;
        }
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }
}
