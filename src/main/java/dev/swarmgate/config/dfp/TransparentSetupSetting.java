package dev.swarmgate.config.dfp;

import java.util.Map;

/**
 * {@code TRANSPARENT_SETUP}: whether {@code swarmgate proxy} sets up the host side of transparent proxying at start
 * (policy routing and the mangle {@code DIVERT} chain) and removes what it added on exit; {@code false} by default.
 * Go's boolean spellings.
 */
public final class TransparentSetupSetting {

    private TransparentSetupSetting() {
    }

    /** @throws IllegalArgumentException naming the variable when the value is not a boolean */
    public static boolean read(Map<String, String> env) {
        String text = env.get("TRANSPARENT_SETUP");
        if (text == null || text.isBlank()) {
            return false;
        }
        return GoBoolean.parse(text.strip()).orElseThrow(() -> new IllegalArgumentException("TRANSPARENT_SETUP="
                + text + " is not valid: use true (set up the host's routing for transparent proxying at start,"
                + " remove it on exit) or false (the host is set up otherwise)"));
    }
}
