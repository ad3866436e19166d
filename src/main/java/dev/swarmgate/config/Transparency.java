package dev.swarmgate.config;

/**
 * Whether backend connections of a destination carry the client's own address as their source (parameters
 * {@code transparent} and {@code transparentPort}; HAProxy's {@code source 0.0.0.0 usesrc clientip} and
 * {@code usesrc client}), so an unmodified backend sees the client as its peer with no header.
 */
public enum Transparency {
    /** The proxy's own address, as usual. */
    OFF,
    /** The client's IP address, a port the kernel picks. */
    CLIENT_IP,
    /** The client's IP address and port. */
    CLIENT_IP_AND_PORT;

    /** Whether backend connections bind a client's address. */
    public boolean on() {
        return this != OFF;
    }

    /** How the parameters spell it, for messages and the config dump. */
    public String parameterText() {
        return switch (this) {
            case OFF -> "transparent=false";
            case CLIENT_IP -> "transparent=true";
            case CLIENT_IP_AND_PORT -> "transparent=true&transparentPort=true";
        };
    }
}
