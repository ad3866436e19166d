package dev.swarmgate.routing.rules;

import dev.swarmgate.config.HeaderEdit.TlsCondition;

/** Whether a header edit's {@code if { ssl_fc }} / {@code unless { ssl_fc }} lets it apply to this request. */
final class TlsGuard {

    private TlsGuard() {
    }

    static boolean allows(TlsCondition condition, RequestView request) {
        return switch (condition) {
            case ALWAYS -> true;
            case IF_TLS -> request.tls();
            case UNLESS_TLS -> !request.tls();
        };
    }
}
