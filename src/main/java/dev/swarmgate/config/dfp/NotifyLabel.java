package dev.swarmgate.config.dfp;

import java.util.Locale;
import java.util.Map;

/**
 * The label that marks a swarm service for the proxy ({@code DF_NOTIFY_LABEL}, default {@code com.df.notify}). As
 * in Docker Flow Swarm Listener, the label must be present with the value {@code true} (any case); written as
 * {@code key=value}, the label must have exactly that value instead.
 */
public record NotifyLabel(String key, String value) {

    public static final NotifyLabel DEFAULT = new NotifyLabel("com.df.notify", "");

    public NotifyLabel {
        if (key.isBlank()) {
            throw new IllegalArgumentException("DF_NOTIFY_LABEL must name a label, such as com.df.notify");
        }
    }

    /** Reads {@code DF_NOTIFY_LABEL}: {@code key} or {@code key=value}; blank means the default. */
    public static NotifyLabel parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.isEmpty()) {
            return DEFAULT;
        }
        int equals = trimmed.indexOf('=');
        return equals < 0 ? new NotifyLabel(trimmed, "")
                : new NotifyLabel(trimmed.substring(0, equals).strip(), trimmed.substring(equals + 1).strip());
    }

    /** Whether a service with these labels asks to be routed. */
    public boolean marks(Map<String, String> labels) {
        String given = labels.get(key);
        if (given == null) {
            return false;
        }
        return value.isEmpty() ? given.strip().toLowerCase(Locale.ROOT).equals("true") : given.equals(value);
    }

    @Override
    public String toString() {
        return value.isEmpty() ? key : key + "=" + value;
    }
}
