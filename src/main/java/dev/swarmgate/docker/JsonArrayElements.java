package dev.swarmgate.docker;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The elements of a JSON array body as the bytes they arrived in, in sorted order, so that two bodies with the same
 * elements in any order compare equal. The engine lists the tasks of several services in an order that changes
 * from one call to the next (Go map iteration), so an unchanged listing seldom has the same bytes but always has
 * the same elements. Finding them is one pass over the bytes that builds nothing, far cheaper than parsing.
 */
final class JsonArrayElements {

    private final List<ByteBuffer> sorted;

    private JsonArrayElements(List<ByteBuffer> sorted) {
        this.sorted = sorted;
    }

    /** Empty when the body is not an array of objects and arrays (then it is parsed every time). */
    static Optional<JsonArrayElements> of(byte[] body) {
        List<ByteBuffer> elements = new ArrayList<>();
        int depth = 0;
        int start = -1;
        boolean seenArray = false;
        for (int i = 0; i < body.length; i++) {
            byte b = body[i];
            switch (b) {
                case '"' -> {
                    if (depth < 2) {
                        return Optional.empty(); // a string element or stray text: not a listing
                    }
                    i = endOfString(body, i);
                    if (i < 0) {
                        return Optional.empty();
                    }
                }
                case '[', '{' -> {
                    if (depth == 0) {
                        if (b != '[' || seenArray) {
                            return Optional.empty();
                        }
                        seenArray = true;
                    } else if (depth == 1) {
                        start = i;
                    }
                    depth++;
                }
                case ']', '}' -> {
                    depth--;
                    if (depth == 1) {
                        elements.add(ByteBuffer.wrap(body, start, i + 1 - start));
                    } else if (depth < 0) {
                        return Optional.empty();
                    }
                }
                case ' ', '\t', '\r', '\n', ',' -> {
                }
                default -> {
                    if (depth < 2) {
                        return Optional.empty(); // a number, true, false or null element
                    }
                }
            }
        }
        if (depth != 0 || !seenArray) {
            return Optional.empty();
        }
        elements.sort(null);
        return Optional.of(new JsonArrayElements(elements));
    }

    /** The index of the quote that closes the string opening at {@code open}, or -1 when it is not closed. */
    private static int endOfString(byte[] body, int open) {
        for (int i = open + 1; i < body.length; i++) {
            if (body[i] == '\\') {
                i++;
            } else if (body[i] == '"') {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JsonArrayElements that && sorted.equals(that.sorted);
    }

    @Override
    public int hashCode() {
        return sorted.hashCode();
    }
}
