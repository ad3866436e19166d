package dev.swarmgate.config.dfp;

import java.util.List;
import java.util.Map;

/** Stub: {@code DFP_SERVICE_*} environment variables to reconfigure parameter maps. Replaced by the config work. */
public final class EnvServices {

    private EnvServices() {
    }

    public static List<Map<String, List<String>>> read(Map<String, String> env) {
        return List.of();
    }
}
