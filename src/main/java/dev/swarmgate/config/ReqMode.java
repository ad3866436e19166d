package dev.swarmgate.config;

import java.util.Locale;

/** How a destination's traffic is handled: HTTP routing, or raw TCP (plain or routed by TLS SNI). */
public enum ReqMode {
    HTTP, TCP, SNI;

    /** Parses DFP's {@code reqMode} value; returns null for an unknown value so the caller can say what is wrong. */
    public static ReqMode parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "http" -> HTTP;
            case "tcp" -> TCP;
            case "sni" -> SNI;
            default -> null;
        };
    }

    public String dfpName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
