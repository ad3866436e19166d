package dev.swarmgate.config.dfp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
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
            String content = read(variable.name(), secret);
            return content.isEmpty() ? Optional.empty() : Optional.of(new SettingValue(variable, content, true));
        }
        String value = env.get(variable.name());
        return value == null || value.isEmpty() ? Optional.empty()
                : Optional.of(new SettingValue(variable, value, false));
    }

    /**
     * The value of a variable known only by the name another variable holds (DFP's {@code STATS_USER_ENV}
     * indirection), by the same rules: the secret {@code dfp_<lowercase name>} wins over the environment.
     */
    Optional<String> byName(String name) {
        Path secret = secretsDir.resolve("dfp_" + name.toLowerCase(Locale.ROOT));
        if (Files.isRegularFile(secret)) {
            String content = read(name, secret);
            return content.isEmpty() ? Optional.empty() : Optional.of(content);
        }
        String value = env.get(name);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** The secret's content without its trailing line breaks. */
    private static String read(String name, Path secret) {
        try {
            return Files.readString(secret).replaceAll("[\\r\\n]+$", "");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read secret " + secret + " for " + name + ": " + e
                    + "; make the secret readable by the proxy or remove it");
        }
    }
}
