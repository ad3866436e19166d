package dev.swarmgate.store;

/**
 * A subscriber could not put a configuration into effect (for example a port could not be bound). The store has
 * rolled back to the previous services, which keep serving.
 */
public final class PublishFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
