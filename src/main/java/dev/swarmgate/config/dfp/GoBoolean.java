package dev.swarmgate.config.dfp;

import java.util.Optional;

/** Booleans spelled the way Go's {@code strconv.ParseBool} accepts them, which is what DFP uses for parameters. */
final class GoBoolean {

    private GoBoolean() {
    }

    /** The value when it is one of {@code 1 t T TRUE true True 0 f F FALSE false False}, else empty. */
    static Optional<Boolean> parse(String text) {
        return switch (text) {
            case "1", "t", "T", "TRUE", "true", "True" -> Optional.of(true);
            case "0", "f", "F", "FALSE", "false", "False" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    /** DFP's reading of a parameter: anything Go cannot parse counts as false. */
    static boolean isTrue(String text) {
        return parse(text).orElse(false);
    }
}
