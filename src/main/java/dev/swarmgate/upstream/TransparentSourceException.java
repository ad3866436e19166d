package dev.swarmgate.upstream;

import java.io.IOException;

/**
 * A transparent backend connection could not take its client's address as its source (no {@code CAP_NET_ADMIN},
 * no epoll transport, an address of the other family, the client's port in use). This proxy's set-up is at fault,
 * not the endpoint: it is not held against the endpoint's health, and no other endpoint is tried.
 */
public final class TransparentSourceException extends IOException {

    TransparentSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
