package dev.swarmgate.config.dfp;

/** A variable's value and where it came from, so a malformed value can be traced to the env or the secret. */
record SettingValue(DfpVariable variable, String value, boolean fromSecret) {

    /** E.g. {@code TIMEOUT_CLIENT=abc (from secret dfp_timeout_client)}. */
    String describe() {
        return describe(value);
    }

    /** {@link #describe()} showing {@code shown} for the value (a masked form of it). */
    String describe(String shown) {
        return variable.name() + "=" + shown + (fromSecret
                ? " (from secret " + variable.secretName() + ")"
                : " (from the environment)");
    }
}
