package dev.swarmgate.sync;

/**
 * Why a {@code distribute=true} request did not reach every replica, and the status the request is answered with:
 * 500 with Docker Flow Proxy's message when replicas could not be reached or disagreed, or the replicas' own 4xx
 * and message when every one of them refused the request the same way (the request is at fault, not the replicas,
 * and a client such as a Swarm listener should not retry it as if a replica were down).
 */
public record DistributionFailure(int status, String message) {

    static DistributionFailure unreachable(String message) {
        return new DistributionFailure(500, message);
    }
}
