package dev.swarmgate.config;

/**
 * A redirect to the same URL over HTTPS ({@code httpsOnly}, {@code HTTPS_ONLY}, {@code redirectWhenHttpProto},
 * {@code redirectUnlessHttpsProto}) with {@code status} ({@code httpsRedirectCode}, 302 by default).
 */
public record HttpsRedirect(int status, When when) implements HttpRule {

    /** Which requests are redirected. */
    public enum When {
        /** The request did not arrive over TLS ({@code httpsOnly}). */
        PLAIN_CONNECTION,
        /** {@code X-Forwarded-Proto: http} from an outer load balancer ({@code redirectWhenHttpProto}). */
        FORWARDED_PROTO_HTTP,
        /** {@code X-Forwarded-Proto} is not {@code https} ({@code redirectUnlessHttpsProto}). */
        FORWARDED_PROTO_NOT_HTTPS
    }
}
