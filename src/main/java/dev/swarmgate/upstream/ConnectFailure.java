package dev.swarmgate.upstream;

/** Why {@link UpstreamConnector} found no backend connection. */
public enum ConnectFailure {
    /** The target resolved to no address, or its resolution failed. */
    UNRESOLVED,
    /** Every endpoint of the target is marked down (or the ones left were tried). */
    NO_HEALTHY_ENDPOINT,
    /** The last connect attempt was refused or reset. */
    CONNECT_FAILED,
    /** The last connect attempt took longer than the connect timeout. */
    CONNECT_TIMED_OUT
}
