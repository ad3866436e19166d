package dev.swarmgate.config.dfp;

import dev.swarmgate.config.Settings;

import java.nio.file.Path;
import java.util.Map;

/** Stub: environment variables and {@code dfp_*} secrets to {@link Settings}. Replaced by the config work. */
public final class DfpSettings {

    private DfpSettings() {
    }

    /** @throws IllegalArgumentException naming the variable and the fix when a value is malformed */
    public static Settings read(Map<String, String> env, Path secretsDir) {
        throw new UnsupportedOperationException("not implemented");
    }
}
