package dev.swarmgate.store;

/** Where an accepted service came from; only {@link #API} services are persisted, the others are re-derived at start. */
public enum Source {
    /** The admin API ({@code reconfigure}); persisted under the state directory. */
    API,
    /** {@code DFP_SERVICE_*} environment variables; read again at every start. */
    ENV,
    /** Labels of swarm services, read from the Docker Engine; read again at every start. */
    SWARM,
    /**
     * A Swarm listener's service list ({@code LISTENER_ADDRESS}); fetched again at every start and replaced as a whole
     * with {@link ConfigStore#replaceSource}, so a service the listener stops listing goes away.
     */
    LISTENER;

    /** How log lines name the source of a change: {@code API}, {@code environment}, {@code swarm}, {@code listener}. */
    public String label() {
        return switch (this) {
            case API -> "API";
            case ENV -> "environment";
            case SWARM -> "swarm";
            case LISTENER -> "listener";
        };
    }
}
