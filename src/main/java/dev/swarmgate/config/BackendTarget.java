package dev.swarmgate.config;

/** Where a destination's traffic goes: a host name (Swarm service, {@code outboundHostname}, or an IP) and a port. */
public record BackendTarget(String host, int port) {

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
