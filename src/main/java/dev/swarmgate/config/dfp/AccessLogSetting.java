package dev.swarmgate.config.dfp;

import dev.swarmgate.config.AccessLogSettings;
import dev.swarmgate.config.AccessLogSettings.Format;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Reads the access log settings: {@code ACCESS_LOG} ({@code off}, {@code json}, {@code common}),
 * {@code ACCESS_LOG_ERRORS_ONLY} and {@code ACCESS_LOG_QUEUE}. DFP's {@code DEBUG=true} (HAProxy's request log on
 * stdout) turns on the common format when {@code ACCESS_LOG} is not set, and {@code DEBUG_ERRORS_ONLY=true} (HAProxy's
 * {@code dontlog-normal}) means errors only.
 */
public final class AccessLogSetting {

    private AccessLogSetting() {
    }

    /** @throws IllegalArgumentException naming the variable and the values it takes when one is malformed */
    public static AccessLogSettings read(Map<String, String> env) {
        String given = value(env, "ACCESS_LOG");
        Format format;
        if (given == null) {
            format = flag(env, "DEBUG", "true (log every request, as ACCESS_LOG=common) or false") ? Format.COMMON
                    : Format.OFF;
        } else {
            format = switch (given.toLowerCase(Locale.ROOT)) {
                case "off", "false", "none" -> Format.OFF;
                case "json" -> Format.JSON;
                case "common", "text", "true" -> Format.COMMON;
                default -> throw new IllegalArgumentException("ACCESS_LOG=" + given
                        + " is not valid: use json (one JSON object per line), common (a text line per request)"
                        + " or off");
            };
        }
        boolean errorsOnly = value(env, "ACCESS_LOG_ERRORS_ONLY") != null
                ? flag(env, "ACCESS_LOG_ERRORS_ONLY", "true (only 5xx, cut-short requests and refused TCP"
                + " connections) or false")
                : flag(env, "DEBUG_ERRORS_ONLY", "true (only 5xx, cut-short requests and refused TCP connections)"
                + " or false");
        int queue = AccessLogSettings.DEFAULT_QUEUE;
        String queueText = value(env, "ACCESS_LOG_QUEUE");
        if (queueText != null) {
            OptionalLong parsed = WholeNumber.parse(queueText, 1, 1_000_000);
            queue = (int) parsed.orElseThrow(() -> new IllegalArgumentException("ACCESS_LOG_QUEUE=" + queueText
                    + " is not valid: use a whole number of lines from 1 to 1000000 (default "
                    + AccessLogSettings.DEFAULT_QUEUE + ")"));
        }
        return new AccessLogSettings(format, errorsOnly, queue);
    }

    private static String value(Map<String, String> env, String name) {
        String text = env.get(name);
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static boolean flag(Map<String, String> env, String name, String values) {
        String text = value(env, name);
        if (text == null) {
            return false;
        }
        return GoBoolean.parse(text).orElseThrow(() -> new IllegalArgumentException(name + "=" + text
                + " is not valid: use " + values));
    }
}
