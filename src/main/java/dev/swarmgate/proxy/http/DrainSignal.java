package dev.swarmgate.proxy.http;

/** User event telling a client connection that its listener is closing: finish the current request, then close. */
public enum DrainSignal {
    INSTANCE
}
