package dev.swarmgate.routing.rules;

import dev.swarmgate.config.Compression.Coding;

/**
 * Reads a request's {@code Accept-Encoding} (RFC 9110 §12.5.3) for the codings a route offers, in one pass without
 * allocating: {@code gzip} (and its alias {@code x-gzip}), {@code deflate} and {@code *} with their q-values.
 * A coding with {@code q=0} is refused, {@code *} stands for every coding not named, and no header means no coding
 * (a client that sends none rarely expects one, whatever the RFC allows). A malformed q-value counts as 0.
 */
final class AcceptEncoding {

    private static final int UNSET = -1;
    private static final int MAX_Q = 1000;

    private AcceptEncoding() {
    }

    /**
     * The offered coding the client prefers (highest q-value, the route's order breaking ties), or null when it
     * accepts none of them.
     */
    static Coding preferred(CharSequence header, Coding[] offered) {
        if (header == null || header.isEmpty()) {
            return null;
        }
        int gzip = UNSET;
        int deflate = UNSET;
        int any = UNSET;
        int length = header.length();
        int i = 0;
        while (i < length) {
            i = skipSpace(header, i);
            int tokenStart = i;
            while (i < length && !isDelimiter(header.charAt(i))) {
                i++;
            }
            int tokenEnd = i;
            int q = MAX_Q;
            // Parameters: only q matters; anything malformed in it refuses the coding.
            while (true) {
                i = skipSpace(header, i);
                if (i >= length || header.charAt(i) != ';') {
                    break;
                }
                i = skipSpace(header, i + 1);
                int nameStart = i;
                while (i < length && header.charAt(i) != '=' && !isDelimiter(header.charAt(i))) {
                    i++;
                }
                boolean isQ = i - nameStart == 1 && (header.charAt(nameStart) == 'q' || header.charAt(nameStart) == 'Q');
                int valueStart = i;
                if (i < length && header.charAt(i) == '=') {
                    valueStart = ++i;
                    while (i < length && !isDelimiter(header.charAt(i))) {
                        i++;
                    }
                }
                if (isQ) {
                    q = qValue(header, valueStart, i);
                }
            }
            // Skip whatever is left of the element (a stray token) up to the next comma.
            while (i < length && header.charAt(i) != ',') {
                i++;
            }
            i++;
            if (tokenEnd == tokenStart) {
                continue;
            }
            if (is(header, tokenStart, tokenEnd, "gzip") || is(header, tokenStart, tokenEnd, "x-gzip")) {
                gzip = Math.max(gzip, q);
            } else if (is(header, tokenStart, tokenEnd, "deflate")) {
                deflate = Math.max(deflate, q);
            } else if (is(header, tokenStart, tokenEnd, "*")) {
                any = Math.max(any, q);
            }
        }
        Coding best = null;
        int bestQ = 0;
        for (Coding coding : offered) {
            int named = coding == Coding.GZIP ? gzip : deflate;
            int q = named != UNSET ? named : Math.max(any, 0);
            if (q > bestQ) {
                best = coding;
                bestQ = q;
            }
        }
        return best;
    }

    /** {@code 0}, {@code 0.5}, {@code 1.000}, in thousandths; malformed or above 1 gives 0. */
    static int qValue(CharSequence text, int start, int end) {
        if (start >= end) {
            return 0;
        }
        char first = text.charAt(start);
        if (first != '0' && first != '1') {
            return 0;
        }
        int value = (first - '0') * MAX_Q;
        if (start + 1 == end) {
            return value;
        }
        if (text.charAt(start + 1) != '.' || end - start - 2 > 3) {
            return 0;
        }
        int scale = 100;
        for (int i = start + 2; i < end; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            value += (c - '0') * scale;
            scale /= 10;
        }
        return value > MAX_Q ? 0 : value;
    }

    private static boolean is(CharSequence text, int start, int end, String token) {
        if (end - start != token.length()) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            if (Character.toLowerCase(text.charAt(start + i)) != token.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDelimiter(char c) {
        return c == ',' || c == ';' || c == ' ' || c == '\t';
    }

    private static int skipSpace(CharSequence text, int i) {
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }
}
