package dev.swarmgate.admin;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What the proxy's own watching of the swarm knows that the admin API shows or acts on.
 *
 * @param marks     whether a marked swarm service goes by this service name (routed or not): a reconfigure or remove
 *                  about it echoes what the proxy reads itself
 * @param problemOf why a service's route has no endpoint it can reach (a swarm service on no network the proxy is on)
 */
public record SwarmView(Predicate<String> marks, Function<String, Optional<String>> problemOf) {

    /** A proxy that does not watch the swarm. */
    public static final SwarmView NONE = new SwarmView(name -> false, name -> Optional.empty());
}
