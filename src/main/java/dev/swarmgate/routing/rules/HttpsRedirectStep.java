package dev.swarmgate.routing.rules;

import dev.swarmgate.config.HttpsRedirect;

import java.util.List;

/**
 * Redirects to the same URL over HTTPS, as HAProxy's {@code redirect scheme https} does:
 * {@code https://<Host><path>?<query>}, with {@code Cache-Control: no-cache} on a 302, 303 or 307 as HAProxy adds.
 * Unlike HAProxy, which copies the Host verbatim, the Host's port is dropped: {@code Host: example.com:8080} names
 * the plain-HTTP port, and https on it would fail, so the redirect goes to HTTPS's default port. A request without
 * Host (HTTP/1.0) is sent to the address it connected to, where HAProxy would write {@code https:///path}.
 * <p>
 * The {@code X-Forwarded-Proto} kinds read the header as the client (an outer load balancer) sent it: the proxy adds
 * its own forwarded headers only after the rules. Like HAProxy's {@code hdr()}, any comma-separated element counts;
 * unlike it, the scheme's letter case is ignored (RFC 3986 §3.1), so {@code HTTPS} never loops.
 */
public final class HttpsRedirectStep implements RequestStep {

    private static final String[] HTTP = {"http"};
    private static final String[] HTTPS = {"https"};

    private final HttpsRedirect redirect;
    private final List<LocalReply.Header> extraHeaders;

    public HttpsRedirectStep(HttpsRedirect redirect) {
        this.redirect = redirect;
        int status = redirect.status();
        this.extraHeaders = status == 302 || status == 303 || status == 307
                ? List.of(new LocalReply.Header("Cache-Control", "no-cache")) : List.of();
    }

    @Override
    public StepResult apply(RequestView request) {
        if (!applies(request)) {
            return StepResult.PROCEED;
        }
        String host = request.header("Host");
        String authority = host == null || host.isEmpty() ? bracketed(request.localAddress()) : withoutPort(host);
        List<LocalReply.Header> headers = extraHeaders.isEmpty()
                ? List.of(new LocalReply.Header("Location", "https://" + authority + target(request)))
                : List.of(new LocalReply.Header("Location", "https://" + authority + target(request)),
                        extraHeaders.getFirst());
        return new LocalReply(redirect.status(), headers, "", false);
    }

    private boolean applies(RequestView request) {
        return switch (redirect.when()) {
            case PLAIN_CONNECTION -> !request.tls();
            case FORWARDED_PROTO_HTTP -> HeaderElements.anyEquals(request.headers("X-Forwarded-Proto"), HTTP, true);
            case FORWARDED_PROTO_NOT_HTTPS ->
                    !HeaderElements.anyEquals(request.headers("X-Forwarded-Proto"), HTTPS, true);
        };
    }

    /** {@code example.com:80} → {@code example.com}; an IPv6 literal keeps its brackets. */
    static String withoutPort(String host) {
        int colon = host.lastIndexOf(':');
        if (colon < 0 || host.indexOf(']') > colon || host.indexOf(':') != colon && host.charAt(0) != '[') {
            return host;
        }
        return host.substring(0, colon);
    }

    private static String bracketed(String address) {
        return address.indexOf(':') >= 0 ? "[" + address + "]" : address;
    }

    /** The path and query of the request, as received. */
    public static String target(RequestView request) {
        String query = request.query();
        return query == null ? request.path() : request.path() + "?" + query;
    }
}
