package dev.swarmgate.listener;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Query strings written byte for byte as Go's {@code url.Values.Encode} writes them, which is what Docker Flow Swarm
 * Listener sends: keys in byte order, {@code key=value} joined by {@code &}, each side escaped as
 * {@code url.QueryEscape} does (letters, digits and {@code -_.~} stay, a space becomes {@code +}, every other byte of
 * the UTF-8 form becomes {@code %XX} in upper case). Java's {@code URLEncoder} differs on {@code *} and {@code ~}.
 */
final class UrlValues {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final Comparator<String> BY_UTF8_BYTES = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private UrlValues() {
    }

    static String encode(Map<String, String> values) {
        List<String> keys = new ArrayList<>(values.keySet());
        keys.sort(BY_UTF8_BYTES);
        StringBuilder out = new StringBuilder();
        for (String key : keys) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            escape(key, out);
            out.append('=');
            escape(values.get(key), out);
        }
        return out.toString();
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder();
        escape(text, out);
        return out.toString();
    }

    private static void escape(String text, StringBuilder out) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append((char) c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
    }
}
