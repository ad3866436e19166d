package dev.swarmgate.upstream;

/** A backend host name that resolves to no address. */
public final class UnresolvableHostException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnresolvableHostException(String host, Throwable cause) {
        super("cannot resolve backend host '" + host + "': " + cause.getMessage(), cause);
    }
}
