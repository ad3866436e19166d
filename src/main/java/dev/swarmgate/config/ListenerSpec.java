package dev.swarmgate.config;

/**
 * A port the gateway listens on.
 *
 * @param ssl         declared {@code :ssl}; served as plain HTTP until certificates exist, as DFP does
 * @param acceptProxy declared {@code accept-proxy}: the PROXY protocol header is expected first
 */
public record ListenerSpec(int port, boolean ssl, boolean acceptProxy) {
}
