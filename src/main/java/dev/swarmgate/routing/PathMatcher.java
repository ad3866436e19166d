package dev.swarmgate.routing;

import dev.swarmgate.config.PathType;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A destination's path patterns compiled for one {@link PathType}: tells whether a request path matches any of them.
 * Case-sensitive like HAProxy's {@code path_*} fetches without {@code -i}; regexes are unanchored ({@code find()}).
 */
final class PathMatcher {

    private final PathType type;
    private final String[] patterns;
    private final Pattern[] regexes;

    private PathMatcher(PathType type, String[] patterns, Pattern[] regexes) {
        this.type = type;
        this.patterns = patterns;
        this.regexes = regexes;
    }

    /**
     * Compiles the patterns once so matching does no parsing.
     *
     * @throws java.util.regex.PatternSyntaxException when a {@code REGEX} pattern is not a valid Java regex
     */
    static PathMatcher of(PathType type, List<String> patterns) {
        String[] array = patterns.toArray(String[]::new);
        Pattern[] regexes = null;
        if (type == PathType.REGEX) {
            regexes = new Pattern[array.length];
            for (int i = 0; i < array.length; i++) {
                regexes[i] = Pattern.compile(array[i]);
            }
        }
        return new PathMatcher(type, array, regexes);
    }

    PathType type() {
        return type;
    }

    /** How many patterns there are; {@link #pattern(int)} gives each (no list is made for the route index). */
    int size() {
        return patterns.length;
    }

    String pattern(int i) {
        return patterns[i];
    }

    boolean isEmpty() {
        return patterns.length == 0;
    }

    /** True when any pattern matches; false when there are none. */
    boolean matches(String path) {
        for (int i = 0; i < patterns.length; i++) {
            if (matchesOne(i, path)) {
                return true;
            }
        }
        return false;
    }

    private boolean matchesOne(int i, String path) {
        return switch (type) {
            case PREFIX -> path.startsWith(patterns[i]);
            case EXACT -> path.equals(patterns[i]);
            case SUFFIX -> path.endsWith(patterns[i]);
            case REGEX -> regexes[i].matcher(path).find();
        };
    }

    /** {@code path_beg /a /b} in HAProxy notation; {@code negated} prefixes it with {@code !}. */
    String describe(boolean negated) {
        StringBuilder out = new StringBuilder(negated ? "!" : "").append(type.dfpName());
        for (String pattern : patterns) {
            out.append(' ').append(pattern);
        }
        return out.toString();
    }
}
