package dev.swarmgate.routing.rules;

import dev.swarmgate.config.HttpsRedirect;

/**
 * Redirects to the same URL over HTTPS: {@code https://<Host without port><path>?<query>}, as HAProxy's
 * {@code redirect scheme https} does.
 */
final class HttpsRedirectStep implements RequestStep {

    private final HttpsRedirect redirect;

    HttpsRedirectStep(HttpsRedirect redirect) {
        this.redirect = redirect;
    }

    @Override
    public StepResult apply(RequestView request) {
        if (!applies(request)) {
            return StepResult.PROCEED;
        }
        String host = request.header("Host");
        if (host == null || host.isEmpty()) {
            return StepResult.PROCEED;
        }
        return LocalReply.redirect(redirect.status(), "https://" + withoutPort(host) + target(request));
    }

    private boolean applies(RequestView request) {
        return switch (redirect.when()) {
            case PLAIN_CONNECTION -> !request.tls();
            case FORWARDED_PROTO_HTTP -> "http".equalsIgnoreCase(forwardedProto(request));
            case FORWARDED_PROTO_NOT_HTTPS -> !"https".equalsIgnoreCase(forwardedProto(request));
        };
    }

    private static String forwardedProto(RequestView request) {
        String proto = request.header("X-Forwarded-Proto");
        return proto == null ? null : proto.strip();
    }

    /** {@code example.com:80} → {@code example.com}; an IPv6 literal keeps its brackets. */
    static String withoutPort(String host) {
        int colon = host.lastIndexOf(':');
        if (colon < 0 || host.indexOf(']') > colon) {
            return host;
        }
        return host.substring(0, colon);
    }

    static String target(RequestView request) {
        String query = request.query();
        return query == null ? request.path() : request.path() + "?" + query;
    }
}
