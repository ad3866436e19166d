package dev.swarmgate.httpapi;

import java.util.concurrent.CompletableFuture;

/**
 * A request as received by an {@link ApiServer}.
 *
 * @param uri        path and query, still encoded
 * @param clientGone completes when the client's connection closes (a long poll can stop waiting)
 */
public record ApiRequest(String method, String uri, byte[] body, CompletableFuture<Void> clientGone) {
}
