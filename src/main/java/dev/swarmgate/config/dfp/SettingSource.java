package dev.swarmgate.config.dfp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where a variable's value comes from: the Docker secret {@code <secretsDir>/dfp_<lowercase name>} (trailing newlines
 * removed) wins over the environment, for every variable; an empty secret or environment value counts as unset.
 */
final class SettingSource {

    private final Map<String, String> env;
    private final Path secretsDir;

    SettingSource(Map<String, String> env, Path secretsDir) {
        this.env = env;
        this.secretsDir = secretsDir;
    }

    Optional<SettingValue> get(DfpVariable variable) {
        Path secret = secretsDir.resolve(variable.secretName());
        if (Files.isRegularFile(secret)) {
            String content = read(variable, secret).replaceAll("[\\r\\n]+$", "");
            return content.isEmpty() ? Optional.empty() : Optional.of(new SettingValue(variable, content, true));
        }
        String value = env.get(variable.name());
        return value == null || value.isEmpty() ? Optional.empty()
                : Optional.of(new SettingValue(variable, value, false));
    }

    private static String read(DfpVariable variable, Path secret) {
        try {
            return Files.readString(secret);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read secret " + secret + " for " + variable.name() + ": " + e
                    + "; make the secret readable by the proxy or remove it");
        }
    }
}
