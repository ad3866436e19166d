package dev.swarmgate.proxy.http;

import dev.swarmgate.routing.Route;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpRequest;

import java.time.Duration;

/**
 * What an {@link Exchange} needs of the client connection it serves: reading paused and resumed for back-pressure,
 * the views its route's rules see, the forwarded headers, the end of the exchange and the switch to a byte tunnel.
 * HTTP/1.1 framing ({@link HttpFrontendHandler}) implements it, and so does an HTTP/2 stream
 * ({@link Http2StreamFrontend}), for which ending the exchange early ends (resets) the stream, never the connection.
 */
interface ClientSide {

    /** Stops reading from the client for {@code reason} (one of the {@code PAUSE_*} bits) until resumed. */
    void pauseReading(int reason);

    /** Ends the pause for {@code reason}; reading resumes when no reason is left. */
    void resumeReading(int reason);

    /** The view request rules get of the exchange's request. */
    NettyRequestView requestView();

    /** The view response rules get of the exchange's response. */
    NettyResponseView responseView();

    /** Adds the forwarded headers (and a Host when the client sent none) once the request rules let it through. */
    void prepareForwarding(HttpRequest request, String host, Route route);

    /** The exchange ended; {@code keepAlive} says whether the connection takes the next request. */
    void exchangeFinished(Exchange finished, boolean keepAlive);

    /** The backend accepted an upgrade: both connections become a byte tunnel bounded by {@code idleLimit}. */
    void becomeTunnel(Channel backend, Duration idleLimit);
}
