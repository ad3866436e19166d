package dev.swarmgate.observe;

import java.net.InetSocketAddress;

/**
 * What one HTTP request or TCP session did, handed from the event loop to the {@link AccessLog} writer, which turns
 * it into text: the loop only fills in the fields it already holds.
 *
 * @param epochMillis  when it ended
 * @param client       the client (the PROXY header's on accept-proxy listeners), null when unknown
 * @param method       null for a TCP session
 * @param host         the Host the client sent, null when none (and for TCP)
 * @param path         the request path without its query (queries may carry credentials); null for TCP
 * @param protocol     {@code HTTP/1.1}, {@code HTTP/1.0}, {@code HTTP/2} or {@code TCP}
 * @param status       the status the client got, 0 when none (cut short; for TCP: 0 relayed, 503 refused)
 * @param bytesIn      body bytes from the client
 * @param bytesOut     body bytes to the client
 * @param totalNanos   from the request head (TCP: the accept) to the end
 * @param backendNanos to the backend's response head, -1 when no backend answered
 * @param destination  the DFP backend name ({@code go-demo-be8080_0}), null when unrouted
 * @param endpoint     the endpoint's {@code ip:port}, null when none was reached
 */
public record AccessRecord(long epochMillis, InetSocketAddress client, int listener, String method, String host,
                           String path, String protocol, boolean tls, int status, long bytesIn, long bytesOut,
                           long totalNanos, long backendNanos, String service, String destination, String endpoint,
                           int retries) {

    /** Whether an errors-only log keeps an HTTP request that ended so: a 5xx, or cut short. */
    public static boolean isError(int status) {
        return status == 0 || status >= 500;
    }
}
