package dev.swarmgate.httpapi;

import java.util.concurrent.CompletableFuture;

/** What an {@link ApiServer} serves: an answer per request, and the replies for requests it cannot pass on. */
public interface ApiRoutes {

    /** The answer, later or now; the event loop never waits for it. */
    CompletableFuture<ApiReply> answer(ApiRequest request);

    /** The reply to a request the HTTP codec could not parse. */
    ApiReply malformed();

    /** The reply when {@link #answer} failed unexpectedly. */
    ApiReply failed(Throwable failure);
}
