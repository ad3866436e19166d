package dev.swarmgate.logging;

/**
 * Text made safe for one log line: CR and LF become {@code \r} and {@code \n}, every other control character (C0,
 * DEL, C1) and the Unicode line and paragraph separators become {@code \}{@code uXXXX}. Log messages carry text from
 * the network (service names, labels, error messages that quote input), and a raw line break in it could end the
 * line and forge the next one; an escape sequence could rewrite a terminal. A backslash is left as it is: it cannot
 * split a line, and doubling it would garble every path and pattern in the log.
 */
final class OneLineText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private OneLineText() {
    }

    static String of(String text) {
        if (text == null) {
            return null;
        }
        int first = firstUnsafe(text);
        if (first < 0) {
            return text; // the usual case: no copy
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                default -> {
                    if (isUnsafe(c)) {
                        out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                                .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static int firstUnsafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isUnsafe(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isUnsafe(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
    }
}
