package dev.swarmgate.docker;

/** The engine answered a request with an error status; {@code message} is the engine's own explanation. */
public final class DockerApiException extends RuntimeException {

    private final int status;

    public DockerApiException(String request, int status, String engineMessage) {
        super(request + " -> HTTP " + status + ": " + engineMessage);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
