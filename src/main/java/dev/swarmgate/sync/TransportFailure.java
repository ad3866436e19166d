package dev.swarmgate.sync;

import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;

/** Says in a few words why an HTTP call to a listener or a replica got no answer, for messages and logs. */
final class TransportFailure {

    private TransportFailure() {
    }

    /** E.g. {@code could not be reached (connection refused)} or {@code did not answer within its timeout}. */
    static String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof HttpTimeoutException) {
            return "did not answer within its timeout";
        }
        boolean silent = cause.getMessage() == null || cause.getMessage().isBlank();
        String detail = cause instanceof ConnectException && silent ? "connection refused"
                : silent ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return "could not be reached (" + detail + ")";
    }
}
