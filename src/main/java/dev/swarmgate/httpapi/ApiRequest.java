package dev.swarmgate.httpapi;

import java.util.concurrent.CompletableFuture;

/**
 * A request as received by an {@link ApiServer}.
 *
 * @param uri           path and query, still encoded
 * @param clientGone    completes when the client's connection closes (a long poll can stop waiting)
 * @param authorization the {@code Authorization} header as received, "" when there is none; a credential, so it is
 *                      never logged ({@link #toString()} leaves it out)
 */
public record ApiRequest(String method, String uri, byte[] body, CompletableFuture<Void> clientGone,
                         String authorization) {

    public ApiRequest {
        authorization = authorization == null ? "" : authorization;
    }

    /** A request without an {@code Authorization} header. */
    public ApiRequest(String method, String uri, byte[] body, CompletableFuture<Void> clientGone) {
        this(method, uri, body, clientGone, "");
    }

    @Override
    public String toString() {
        return "ApiRequest[" + method + " " + RequestTarget.rawPathOf(uri) + "]";
    }
}
