package dev.swarmgate.config.dfp;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** A list parameter split on {@code SEPARATOR}; items are trimmed and empty ones dropped. */
final class SeparatedValues {

    private SeparatedValues() {
    }

    static List<String> split(String value, String separator) {
        return Arrays.stream(value.split(Pattern.quote(separator), -1))
                .map(String::strip)
                .filter(item -> !item.isEmpty())
                .toList();
    }
}
