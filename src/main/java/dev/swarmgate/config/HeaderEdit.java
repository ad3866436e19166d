package dev.swarmgate.config;

/**
 * One header edit ({@code addReqHeader}, {@code setReqHeader}, {@code delReqHeader} and their response forms):
 * {@code value} is empty for {@link Action#DELETE}; {@code condition} is HAProxy's trailing {@code if { ssl_fc }}
 * or {@code unless { ssl_fc }}.
 */
public record HeaderEdit(Direction direction, Action action, String name, HeaderValue value, TlsCondition condition)
        implements HttpRule {

    /** Whether the request sent to the backend or the response sent to the client is edited. */
    public enum Direction { REQUEST, RESPONSE }

    /** Add another line, replace every line of the name, or remove them all. */
    public enum Action { ADD, SET, DELETE }

    /** When the edit applies. */
    public enum TlsCondition { ALWAYS, IF_TLS, UNLESS_TLS }
}
