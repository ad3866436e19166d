package dev.swarmgate.config.dfp;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parser's messages reworded for a service configured by {@code com.df.*} labels: the parser names parameters
 * as a reconfigure request spells them ({@code port=abc}, {@code port.1=abc}), while the user wrote the labels
 * {@code com.df.port=abc} and {@code com.df.port.1=abc}. Every {@code name=} or {@code name.N=} becomes
 * {@code com.df.name=}, and a camel-case name written bare elsewhere in the same message ({@code healthCheckPath})
 * too; {@code serviceName} and {@code replicas} stay, since they come from the swarm, not from a label. Plain words
 * such as "port" in prose are left alone. Assignments joined by {@code &} are joined by "and", as labels are not a
 * query string.
 */
public final class LabelWording {

    private static final String PREFIX = "com.df.";
    /** A parameter assignment: a name starting lower case, an optional index, then {@code =}, not inside a word. */
    private static final Pattern ASSIGNMENT =
            Pattern.compile("(?<![^\\s(,;&'\"\\[])([a-z][A-Za-z0-9]*)(\\.[0-9]+)?=");
    private static final Set<String> FROM_THE_SWARM = Set.of("serviceName", "replicas");

    private LabelWording() {
    }

    public static String of(String message) {
        Set<String> named = new LinkedHashSet<>();
        Matcher assignments = ASSIGNMENT.matcher(message);
        StringBuilder out = new StringBuilder();
        while (assignments.find()) {
            String name = assignments.group(1);
            if (FROM_THE_SWARM.contains(name)) {
                assignments.appendReplacement(out, Matcher.quoteReplacement(assignments.group()));
                continue;
            }
            named.add(name);
            assignments.appendReplacement(out, Matcher.quoteReplacement(PREFIX + assignments.group()));
        }
        assignments.appendTail(out);
        String worded = out.toString().replace("&" + PREFIX, " and " + PREFIX);
        for (String name : named) {
            if (!name.equals(name.toLowerCase(Locale.ROOT))) {
                worded = worded.replaceAll("(?<![\\w.$-])" + Pattern.quote(name) + "(\\.[0-9]+)?(?![\\w=$-])(?!\\.\\w)",
                        PREFIX + "$0");
            }
        }
        return worded;
    }
}
