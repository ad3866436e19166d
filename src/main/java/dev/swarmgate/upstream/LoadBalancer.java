package dev.swarmgate.upstream;

import dev.swarmgate.config.BalanceAlgorithm;

/**
 * One balancing algorithm: picks an endpoint among the pickable ones (healthy and not ejected; health is decided
 * elsewhere). Called concurrently from every event loop, so implementations are thread-safe and allocate nothing
 * per pick. The array is only replaced, never modified, when the pickable set changes.
 */
public interface LoadBalancer {

    /**
     * @param pickable   at least two endpoints
     * @param clientHash a hash of the client address; only hashing algorithms read it
     */
    Endpoint pick(Endpoint[] pickable, long clientHash);

    /** Whether {@link #pick} reads the client hash (callers skip computing it otherwise). */
    default boolean hashesClients() {
        return false;
    }

    /** A new balancer (with its own state) for one endpoint group. */
    static LoadBalancer of(BalanceAlgorithm algorithm) {
        return switch (algorithm) {
            case ROUND_ROBIN -> new RoundRobin();
            case RANDOM -> new RandomChoice();
            case P2C -> new PowerOfTwoChoices();
            case LEAST_CONNECTIONS -> new LeastConnections();
            case CLIENT_HASH -> new RingHash();
        };
    }
}
