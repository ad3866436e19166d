package dev.swarmgate.config;

import java.util.Locale;

/** How a destination spreads requests or connections over its endpoints (parameter {@code balance}). */
public enum BalanceAlgorithm {
    ROUND_ROBIN("roundrobin"),
    RANDOM("random"),
    /** Power of two choices on outstanding requests or connections: the default. */
    P2C("p2c"),
    LEAST_CONNECTIONS("leastconn"),
    /** Consistent hash of the client address: a client stays on its endpoint while that endpoint exists. */
    CLIENT_HASH("source");

    private final String parameterName;

    BalanceAlgorithm(String parameterName) {
        this.parameterName = parameterName;
    }

    public String parameterName() {
        return parameterName;
    }

    /** Accepts our names and the common aliases (HAProxy's, tcp-proxy's), case-insensitively; null when unknown. */
    public static BalanceAlgorithm parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "")) {
            case "roundrobin", "rr" -> ROUND_ROBIN;
            case "random" -> RANDOM;
            case "p2c", "poweroftwochoices", "leastrequest" -> P2C;
            case "leastconn", "leastconnections" -> LEAST_CONNECTIONS;
            case "source", "hash", "clienthash", "consistenthash", "maglev" -> CLIENT_HASH;
            default -> null;
        };
    }
}
