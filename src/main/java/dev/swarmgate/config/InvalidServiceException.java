package dev.swarmgate.config;

/**
 * A service definition that cannot be applied. The message says what is wrong and how to fix it; the status is the
 * HTTP status Docker Flow Proxy answers with for the same mistake (400 or 409).
 */
public final class InvalidServiceException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;

    public InvalidServiceException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
