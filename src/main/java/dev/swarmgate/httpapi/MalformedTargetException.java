package dev.swarmgate.httpapi;

/**
 * A request target that cannot be decoded. The message says where and how, and holds no parameter value, so it can
 * be answered to the client and logged as it is.
 */
public final class MalformedTargetException extends IllegalArgumentException {

    MalformedTargetException(String message) {
        super(message);
    }
}
