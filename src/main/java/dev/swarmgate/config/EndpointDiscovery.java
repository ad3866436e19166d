package dev.swarmgate.config;

/** Where a destination's endpoints come from (parameter {@code endpoints}: {@code tasks} or {@code vip}). */
public enum EndpointDiscovery {
    /** The tasks of the service ({@code tasks.<service>} when it resolves), else every address of the name. */
    TASKS,
    /** The name's address as it is (the Swarm service VIP): Swarm balances, Swarmgate sees one endpoint. */
    VIP,
    /** Every address of the name itself, no {@code tasks.} lookup: {@code outboundHostname} and IPs. Not a parameter value. */
    NAME,
    /**
     * A fixed list instead of one name: the host is {@code host:port,host:port,...} ({@link HostPort#parseList}),
     * every address of each name is an endpoint on that entry's own port (the target's port is unused). Used by
     * {@code swarmgate tcp}'s static backends. Not a parameter value.
     */
    STATIC,
    /**
     * The union of the endpoints of several targets ({@link BackendTarget#members()}): the services of one
     * {@code serviceGroup} balanced as one pool on a tcp srcPort. Not a parameter value.
     */
    GROUP
}
