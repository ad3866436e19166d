package dev.swarmgate.config;

/**
 * A port the gateway listens on.
 *
 * @param ssl         declared {@code :ssl}; served as plain HTTP until certificates exist, as DFP does
 * @param acceptProxy declared {@code accept-proxy}: the PROXY protocol header is expected first
 * @param protocol    HTTP (routed by host and path) or TCP (a {@code reqMode=tcp} service's srcPort)
 */
public record ListenerSpec(int port, boolean ssl, boolean acceptProxy, ListenerProtocol protocol) {

    /** An HTTP listener. */
    public ListenerSpec(int port, boolean ssl, boolean acceptProxy) {
        this(port, ssl, acceptProxy, ListenerProtocol.HTTP);
    }

    /** A plain TCP listener for a {@code reqMode=tcp} srcPort. */
    public static ListenerSpec tcp(int port) {
        return new ListenerSpec(port, false, false, ListenerProtocol.TCP);
    }
}
