package dev.swarmgate.listener;

import java.util.Map;
import java.util.TreeMap;

/**
 * One message to the proxies about one swarm service: created (or updated) with its create parameters, or removed
 * with its remove parameters.
 *
 * @param serviceId the swarm service id: a newer notification for the same id cancels this one
 */
record Notification(Kind kind, String serviceId, String serviceName, Map<String, String> parameters) {

    /** The two kinds, with the words DFSL logs them with and the error metric each counts under. */
    enum Kind {
        CREATE("created", "create", "notificationSendCreateServiceRequest"),
        REMOVE("removed", "remove", "notificationSendRemoveServiceRequest");

        private final String past;
        private final String verb;
        private final String errorOperation;

        Kind(String past, String verb, String errorOperation) {
            this.past = past;
            this.verb = verb;
            this.errorOperation = errorOperation;
        }

        /** 200, and for a create also 409, which DFP answers for a service without path or domain to route. */
        boolean succeeded(int status) {
            return status == 200 || this == CREATE && status == 409;
        }

        String past() {
            return past;
        }

        String verb() {
            return verb;
        }

        String errorOperation() {
            return errorOperation;
        }
    }

    Notification {
        parameters = new TreeMap<>(parameters);
    }

    /** The parameters as the query string DFSL sends (Go's {@code url.Values.Encode}). */
    String query() {
        return UrlValues.encode(parameters);
    }
}
