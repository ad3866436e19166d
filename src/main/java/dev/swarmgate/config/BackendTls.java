package dev.swarmgate.config;

/**
 * How the proxy talks to a destination's backends. Docker Flow Proxy can ask for one kind of TLS only,
 * {@code sslVerifyNone=true} (HAProxy's {@code ssl verify none}): encrypted, the backend's certificate not checked.
 * A verified kind would need a CA and a server name to check against, which DFP has no parameter for.
 */
public enum BackendTls {
    /** Plain HTTP (the default). */
    PLAIN,
    /** TLS without verifying the backend's certificate ({@code sslVerifyNone=true}). */
    UNVERIFIED;

    public boolean encrypted() {
        return this != PLAIN;
    }
}
