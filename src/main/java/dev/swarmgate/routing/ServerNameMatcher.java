package dev.swarmgate.routing;

import dev.swarmgate.config.ServerNameMatch;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A compiled {@link ServerNameMatch}: tells whether a TLS server name (from a ClientHello) is one a {@code reqMode=sni}
 * destination takes. Patterns are lower-cased and regexes compiled once, here, so a connection only compares.
 * Every method is case-insensitive, as host names are.
 */
public final class ServerNameMatcher {

    private final ServerNameMatch.Method method;
    private final String[] patterns;
    private final Pattern[] expressions;

    private ServerNameMatcher(ServerNameMatch.Method method, String[] patterns, Pattern[] expressions) {
        this.method = method;
        this.patterns = patterns;
        this.expressions = expressions;
    }

    /** @throws java.util.regex.PatternSyntaxException when a {@code -m reg} pattern is not a valid Java regex */
    public static ServerNameMatcher of(ServerNameMatch match) {
        List<String> given = match.patterns();
        String[] lower = given.stream().map(pattern -> pattern.toLowerCase(Locale.ROOT)).toArray(String[]::new);
        Pattern[] expressions = match.method() == ServerNameMatch.Method.REGEX
                ? given.stream().map(pattern -> Pattern.compile(pattern, Pattern.CASE_INSENSITIVE))
                        .toArray(Pattern[]::new)
                : new Pattern[0];
        return new ServerNameMatcher(match.method(), lower, expressions);
    }

    /** Whether {@code serverName} (any case) matches one of the patterns; a missing name matches nothing. */
    public boolean matches(String serverName) {
        if (serverName == null || serverName.isEmpty()) {
            return false;
        }
        if (method == ServerNameMatch.Method.REGEX) {
            for (Pattern expression : expressions) {
                if (expression.matcher(serverName).find()) {
                    return true;
                }
            }
            return false;
        }
        String name = serverName.toLowerCase(Locale.ROOT);
        for (String pattern : patterns) {
            if (matches(name, pattern)) {
                return true;
            }
        }
        return false;
    }

    private boolean matches(String name, String pattern) {
        return switch (method) {
            case EXACT -> name.equals(pattern);
            case PREFIX -> name.startsWith(pattern);
            case SUFFIX -> name.endsWith(pattern);
            case SUBSTRING -> name.contains(pattern);
            case DOMAIN -> containsWholeLabels(name, pattern);
            case REGEX -> false; // handled by the caller
        };
    }

    /** HAProxy's {@code -m dom}: the pattern occurs in the name bounded by dots or the name's ends. */
    private static boolean containsWholeLabels(String name, String pattern) {
        if (pattern.isEmpty()) {
            return false;
        }
        for (int at = name.indexOf(pattern); at >= 0; at = name.indexOf(pattern, at + 1)) {
            int end = at + pattern.length();
            boolean startsLabel = at == 0 || name.charAt(at - 1) == '.';
            boolean endsLabel = end == name.length() || name.charAt(end) == '.';
            if (startsLabel && endsLabel) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "-m " + method.haproxyName() + " " + String.join(",", patterns);
    }
}
