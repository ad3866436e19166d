package dev.swarmgate.sync;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The HTTP calls a proxy makes to one Swarm listener: DFSL's {@code get-services} and {@code notify-services}, and
 * Swarmgate's feed. Every call has a timeout (DFP's had none, so one hung listener stalled the proxy's start), and
 * every failure names the listener and what it answered.
 */
final class ListenerClient {

    static final String GET_SERVICES = "/v1/docker-flow-swarm-listener/get-services";
    static final String NOTIFY_SERVICES = "/v1/docker-flow-swarm-listener/notify-services";
    static final String FEED = "/v1/swarmgate/feed";

    /** How long {@code get-services} and {@code notify-services} may take; a feed call may take its wait on top. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private static final int MAX_SHOWN_BODY = 200;

    private final Supplier<HttpClient> http;
    private final URI base;

    /** @param base the listener's base URL, e.g. {@code http://swarm-listener:8080} */
    ListenerClient(Supplier<HttpClient> http, URI base) {
        this.http = http;
        this.base = base;
    }

    URI base() {
        return base;
    }

    /** The listener's current list from DFSL's {@code get-services}. */
    ServiceSet getServices() throws IOException, InterruptedException {
        HttpResponse<String> response = send(GET_SERVICES, REQUEST_TIMEOUT);
        if (response.statusCode() != 200) {
            throw unexpected("get-services", response);
        }
        try {
            return ServiceSetJson.getServices(response.body());
        } catch (ServiceSetJson.MalformedListException e) {
            throw new IOException("Swarm listener " + base + " answered get-services with something that is not a"
                    + " service list: " + e.getMessage());
        }
    }

    /**
     * The listener's list once its version is above {@code after}, or after {@code wait} anyway.
     *
     * @throws FeedNotOfferedException when the listener answers 404: it is a DFSL without the feed
     */
    ServiceSet feed(long after, Duration wait) throws IOException, InterruptedException, FeedNotOfferedException {
        HttpResponse<String> response = send(FEED + "?after=" + after + "&wait=" + wait.toSeconds(),
                REQUEST_TIMEOUT.plus(wait));
        if (response.statusCode() == 404) {
            throw new FeedNotOfferedException();
        }
        if (response.statusCode() != 200) {
            throw unexpected("the feed", response);
        }
        try {
            return ServiceSetJson.feed(response.body());
        } catch (ServiceSetJson.MalformedListException e) {
            throw new IOException("Swarm listener " + base + " answered the feed with something that is not a"
                    + " versioned service list: " + e.getMessage());
        }
    }

    /**
     * Asks the listener to send a create notification for every service it knows ({@code reload?fromListener=true});
     * completes with null on a 200, else with the reason, without blocking the caller.
     */
    CompletableFuture<String> notifyServices() {
        // The name lookup a request may need (see target) happens off the caller's thread.
        return CompletableFuture.supplyAsync(() -> {
            try {
                return request(NOTIFY_SERVICES, REQUEST_TIMEOUT);
            } catch (UnknownHostException e) {
                throw new CompletionException(e);
            }
        }).thenCompose(request -> http.get().sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                .handle((response, failure) -> failure != null ? describe(failure)
                        : response.statusCode() == 200 ? null
                        : unexpected("notify-services", response).getMessage());
    }

    private HttpResponse<String> send(String pathAndQuery, Duration timeout) throws IOException, InterruptedException {
        try {
            return http.get().send(request(pathAndQuery, timeout), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException(describe(e), e);
        }
    }

    private HttpRequest request(String pathAndQuery, Duration timeout) throws UnknownHostException {
        return HttpRequest.newBuilder(target(pathAndQuery)).timeout(timeout).GET().build();
    }

    /**
     * The URL to call. The JDK's client needs a URI host, which a swarm service name with an underscore
     * ({@code proxy_listener}) is not: such a name is looked up here and the request sent to its address (a
     * listener does not read {@code Host}). The address of a name is looked up at each call, as the client would.
     */
    private URI target(String pathAndQuery) throws UnknownHostException {
        if (base.getHost() != null) {
            return URI.create(base + pathAndQuery);
        }
        String authority = base.getRawAuthority();
        int colon = authority.lastIndexOf(':'); // ListenerAddresses always writes the port
        InetAddress address = InetAddress.getByName(authority.substring(0, colon));
        String host = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        return URI.create(base.getScheme() + "://" + host + authority.substring(colon) + base.getRawPath()
                + pathAndQuery);
    }

    private String describe(Throwable failure) {
        return "Swarm listener " + base + " " + TransportFailure.describe(failure);
    }

    private IOException unexpected(String call, HttpResponse<String> response) {
        String body = response.body() == null ? "" : response.body().strip();
        if (body.length() > MAX_SHOWN_BODY) {
            body = body.substring(0, MAX_SHOWN_BODY) + "...";
        }
        return new IOException("Swarm listener " + base + " answered " + call + " with status "
                + response.statusCode() + (body.isEmpty() ? "" : ": " + body));
    }

    /** The listener has no Swarmgate feed (it answered 404): it is a Docker Flow Swarm Listener. */
    static final class FeedNotOfferedException extends Exception {

        private static final long serialVersionUID = 1L;

        FeedNotOfferedException() {
            super("the listener has no Swarmgate feed");
        }
    }
}
