package dev.swarmgate.config;

/** Where a destination's endpoints come from (parameter {@code endpoints}). */
public enum EndpointDiscovery {
    /** The tasks of the service ({@code tasks.<service>} when it resolves), else every address of the name. */
    TASKS,
    /** The name's address as it is (the Swarm service VIP): Swarm balances, Swarmgate sees one endpoint. */
    VIP
}
