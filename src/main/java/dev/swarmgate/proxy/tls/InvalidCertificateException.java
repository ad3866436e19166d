package dev.swarmgate.proxy.tls;

/**
 * A certificate file (combined PEM) that cannot serve: the message says what is wrong with it and how to fix it, and
 * never quotes key material.
 */
public final class InvalidCertificateException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidCertificateException(String message) {
        super(message);
    }

    public InvalidCertificateException(String message, Throwable cause) {
        super(message, cause);
    }
}
