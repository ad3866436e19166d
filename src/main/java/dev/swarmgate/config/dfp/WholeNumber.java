package dev.swarmgate.config.dfp;

import java.util.OptionalLong;
import java.util.regex.Pattern;

/** A decimal whole number within bounds, as ports, replica counts and second counts are written. */
final class WholeNumber {

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");

    private WholeNumber() {
    }

    /** The number when {@code text} is plain digits between {@code min} and {@code max}, else empty. */
    static OptionalLong parse(String text, long min, long max) {
        if (!DIGITS.matcher(text).matches()) {
            return OptionalLong.empty();
        }
        long value = Long.parseLong(text);
        return value < min || value > max ? OptionalLong.empty() : OptionalLong.of(value);
    }
}
