package dev.swarmgate.config;

import java.util.Set;

/**
 * A redirect to the same URL over HTTPS ({@code httpsOnly}, {@code HTTPS_ONLY}, {@code redirectWhenHttpProto},
 * {@code redirectUnlessHttpsProto}) with {@code status} ({@code httpsRedirectCode}, 302 by default).
 * {@link When#PLAIN_CONNECTION} runs on the route (DFP puts it in the backend); the two {@code X-Forwarded-Proto}
 * kinds run before routing, for requests on the destination's paths, domains and srcPort (DFP puts them in the
 * frontend, where they run before any {@code use_backend}).
 */
public record HttpsRedirect(int status, When when) implements HttpRule {

    /** The codes HAProxy's {@code redirect ... code} accepts. */
    public static final Set<Integer> STATUSES = Set.of(301, 302, 303, 307, 308);

    /** HAProxy's code when none is given. */
    public static final int DEFAULT_STATUS = 302;

    public HttpsRedirect {
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("not a redirect status: " + status);
        }
    }

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
