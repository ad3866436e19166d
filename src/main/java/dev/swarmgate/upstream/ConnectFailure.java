package dev.swarmgate.upstream;

import io.netty.channel.ConnectTimeoutException;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.util.Locale;

/** Why {@link UpstreamConnector} found no backend connection. */
public enum ConnectFailure {
    /** The target resolved to no address, or its resolution failed. */
    UNRESOLVED,
    /** Every endpoint of the target is marked down (or the ones left were tried). */
    NO_HEALTHY_ENDPOINT,
    /** The last connect attempt was refused: the address is there, but nothing listens on the port. */
    CONNECT_REFUSED,
    /** The last connect attempt failed otherwise: reset, no route to the host, ... */
    CONNECT_FAILED,
    /** The last connect attempt took longer than the connect timeout. */
    CONNECT_TIMED_OUT,
    /**
     * A transparent connection could not take the client's address as its source: this proxy's set-up, not the
     * endpoint, is at fault ({@link TransparentSourceException}).
     */
    TRANSPARENT_SOURCE;

    /** The failure a connect's exception stands for. */
    static ConnectFailure of(Throwable cause) {
        if (cause instanceof TransparentSourceException) {
            return TRANSPARENT_SOURCE;
        }
        if (cause instanceof ConnectTimeoutException) {
            return CONNECT_TIMED_OUT;
        }
        if (cause instanceof ConnectException && !(cause instanceof NoRouteToHostException)
                && String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT).contains("refused")) {
            return CONNECT_REFUSED;
        }
        return CONNECT_FAILED;
    }

    /**
     * What a failed connect to one endpoint means and what to check, for the log:
     * {@code connection refused by 10.0.1.7:8081: nothing listens on port 8081 of go-demo; ...}.
     */
    static String explain(Throwable cause, InetSocketAddress address, String host) {
        String endpoint = address.getAddress().getHostAddress() + ":" + address.getPort();
        return switch (of(cause)) {
            case CONNECT_REFUSED -> "connection refused by " + endpoint + ": nothing listens on port "
                    + address.getPort() + " of " + host + "; check the port " + host + " listens on inside its"
                    + " containers (com.df.port / port; not a published port)";
            case CONNECT_TIMED_OUT -> "connect to " + endpoint + " of " + host + " timed out: nothing answered, not"
                    + " even a refusal; check that " + host + " shares a network with the proxy and that no firewall"
                    + " drops the packets";
            // The proxy's own set-up: the message names the fix; the backend's network is not in question.
            case TRANSPARENT_SOURCE -> cause.getMessage() + " (connecting to " + endpoint + " of " + host + ")";
            default -> "connect to " + endpoint + " of " + host + " failed ("
                    + (cause instanceof NoRouteToHostException ? "no route to host" : cause.getMessage())
                    + "); check that " + host + " shares a network with the proxy";
        };
    }
}
