package dev.swarmgate.routing.rules;

import java.util.List;

/**
 * Header tests the way HAProxy's {@code hdr()} fetch sees a header: every occurrence, and within each every
 * comma-separated element with its surrounding spaces and tabs trimmed. Allocation-free.
 */
public final class HeaderElements {

    private HeaderElements() {
    }

    /** Whether some element equals one of {@code expected} ({@code ignoreCase}: letter case ignored). */
    public static boolean anyEquals(List<String> values, String[] expected, boolean ignoreCase) {
        return anyElement(values, expected, ignoreCase, false);
    }

    /** Whether some element contains one of {@code fragments}, letter case ignored (HAProxy's {@code hdr_sub -i}). */
    public static boolean anyContainsIgnoreCase(List<String> values, String[] fragments) {
        return anyElement(values, fragments, true, true);
    }

    /** Walks every trimmed element of every value; {@code substring}: a candidate may be part of the element. */
    private static boolean anyElement(List<String> values, String[] candidates, boolean ignoreCase,
                                      boolean substring) {
        for (int v = 0; v < values.size(); v++) {
            String value = values.get(v);
            int start = 0;
            while (start <= value.length()) {
                int end = value.indexOf(',', start);
                if (end < 0) {
                    end = value.length();
                }
                int from = trimStart(value, start, end);
                int to = trimEnd(value, from, end);
                for (String candidate : candidates) {
                    if (substring ? contains(value, from, to, candidate)
                            : candidate.length() == to - from
                            && value.regionMatches(ignoreCase, from, candidate, 0, candidate.length())) {
                        return true;
                    }
                }
                start = end + 1;
            }
        }
        return false;
    }

    private static boolean contains(String value, int from, int to, String fragment) {
        int length = fragment.length();
        for (int i = from; i + length <= to; i++) {
            if (value.regionMatches(true, i, fragment, 0, length)) {
                return true;
            }
        }
        return false;
    }

    private static int trimStart(String value, int from, int to) {
        while (from < to && isBlank(value.charAt(from))) {
            from++;
        }
        return from;
    }

    private static int trimEnd(String value, int from, int to) {
        while (to > from && isBlank(value.charAt(to - 1))) {
            to--;
        }
        return to;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
