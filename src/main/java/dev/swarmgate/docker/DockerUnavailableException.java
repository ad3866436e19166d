package dev.swarmgate.docker;

/**
 * Docker cannot be used right now: the socket is missing or not ours to open, the engine does not answer, or the
 * node is not a swarm manager. The message names the endpoint and the fix; callers log it and retry with back-off.
 */
public final class DockerUnavailableException extends RuntimeException {

    public DockerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public DockerUnavailableException(String message) {
        super(message);
    }
}
