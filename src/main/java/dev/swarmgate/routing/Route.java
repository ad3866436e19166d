package dev.swarmgate.routing;

import dev.swarmgate.config.BackendTarget;
import dev.swarmgate.config.BackendTls;
import dev.swarmgate.config.ProxyProtocol;
import dev.swarmgate.config.Transparency;
import dev.swarmgate.routing.rules.RouteRules;

import java.time.Duration;

/**
 * What a matched request does: which service and destination it belongs to, where it goes and how long the backend
 * may stay silent.
 *
 * @param aclName       the service's {@code aclName} (its rule-order key); {@link #backendName()} renders the DFP
 *                      rule name {@code <aclName>-be<port>_<index>} for logs and metrics
 * @param timeoutServer the destination's {@code timeoutServer}, or TIMEOUT_SERVER
 * @param timeoutTunnel the destination's {@code timeoutTunnel}, or TIMEOUT_TUNNEL: inactivity of an upgraded connection
 * @param sendProxy     the PROXY header each new backend connection starts with ({@code sendProxy})
 * @param stickyCookie  the name of the cookie that pins a client to its endpoint ({@code sessionType=sticky-server};
 *                      DFP's name, the service name), or null when requests are balanced freely
 * @param rules         the compiled request and response rules and the compression the route switches on
 * @param httpsEntry    the HTTPS entry of an {@code httpsPort} destination (DFP's {@code https-} backend)
 * @param backendTls    plain or TLS towards the backend ({@code sslVerifyNone})
 * @param transparency  whether backend connections bind the client's address ({@code transparent})
 */
public record Route(String serviceName, String aclName, int destinationIndex, BackendTarget target,
                    Duration timeoutServer, Duration timeoutTunnel, ProxyProtocol sendProxy, String stickyCookie,
                    int maxConnections, RouteRules rules, boolean httpsEntry, BackendTls backendTls,
                    Transparency transparency) {

    /**
     * Whether a backend connection of this route may serve a later request: not when it sent a PROXY header (which
     * names one client connection). A transparent one may, for the same client source only (pooled by
     * {@code ClientBoundAddress}).
     */
    public boolean reusesConnections() {
        return sendProxy == ProxyProtocol.NONE;
    }

    /** Whether a cookie keeps each client on the endpoint that served it. */
    public boolean sticky() {
        return stickyCookie != null;
    }

    /**
     * DFP's backend name, {@code <aclName>-be<port>_<index>} (e.g. {@code go-demo-be8080_0}), or
     * {@code https-<aclName>-be<httpsPort>_<index>} for an HTTPS entry; stable for scripts.
     */
    public String backendName() {
        return (httpsEntry ? "https-" : "") + aclName + "-be" + target.port() + "_" + destinationIndex;
    }
}
