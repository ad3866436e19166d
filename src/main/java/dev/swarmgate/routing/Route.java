package dev.swarmgate.routing;

import dev.swarmgate.config.BackendTarget;

import java.time.Duration;

/**
 * What a matched request does: which service and destination it belongs to, where it goes and how long the backend
 * may stay silent.
 *
 * @param aclName       the rule name ({@code <aclName>-be<port>_<index>} in DFP terms) for logs and metrics
 * @param timeoutServer the destination's {@code timeoutServer}, or TIMEOUT_SERVER
 */
public record Route(String serviceName, String aclName, int destinationIndex, BackendTarget target,
                    Duration timeoutServer) {
}
