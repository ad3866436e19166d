package dev.swarmgate.routing;

import dev.swarmgate.config.PathType;
import dev.swarmgate.routing.rules.RequestView;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Which of a route table's rules a request path can match, found from the path itself: the rules whose patterns are
 * literal prefixes ({@code path_beg}) are looked up by the path's own prefixes, those with literal paths
 * ({@code path}) by the path, so finding a route costs about the same with ten thousand services as with one. Rules
 * with suffix or regex patterns are tried one by one, as before. The first rule in Docker Flow Proxy order still
 * wins: the index only narrows which rules are tried, and of those that match, the one earliest in the order is
 * taken. Lookups allocate nothing.
 */
final class RuleIndex {

    private static final int[] NONE = {};

    /** Open addressing over the distinct prefix patterns: per slot the pattern, its hash, its rules in order. */
    private final String[] prefixes;
    private final int[] prefixHashes;
    private final int[][] prefixRules;
    private final int mask;
    /** The distinct lengths of the prefix patterns, ascending: the prefixes of a request path worth looking up. */
    private final int[] lengths;
    private final Map<String, int[]> exactRules;
    /** The rules with suffix or regex patterns, in order. */
    private final int[] scannedRules;

    private RuleIndex(String[] prefixes, int[] prefixHashes, int[][] prefixRules, int[] lengths,
                      Map<String, int[]> exactRules, int[] scannedRules) {
        this.prefixes = prefixes;
        this.prefixHashes = prefixHashes;
        this.prefixRules = prefixRules;
        this.mask = prefixes.length - 1;
        this.lengths = lengths;
        this.exactRules = exactRules;
        this.scannedRules = scannedRules;
    }

    /**
     * Built once per change of the configuration, over every rule (ten thousand with as many services), so the prefix
     * table is filled directly: no map entry or list per pattern.
     */
    static RuleIndex of(Rule[] rules) {
        int prefixPatterns = 0;
        for (Rule rule : rules) {
            if (rule.paths().type() == PathType.PREFIX) {
                prefixPatterns += rule.paths().size();
            }
        }
        // At most half full however many of the patterns are the same.
        int slots = Integer.highestOneBit(Math.max(1, prefixPatterns) * 2) * 2;
        String[] prefixes = new String[slots];
        int[] hashes = new int[slots];
        Positions[] positions = new Positions[slots];
        BitSet lengths = new BitSet();
        Map<String, Positions> byPath = new HashMap<>();
        Positions scanned = new Positions();
        for (int r = 0; r < rules.length; r++) {
            PathMatcher paths = rules[r].paths();
            switch (paths.type()) {
                case PREFIX -> {
                    for (int i = 0; i < paths.size(); i++) {
                        String pattern = paths.pattern(i);
                        int slot = slotOf(prefixes, hashes, pattern);
                        if (prefixes[slot] == null) {
                            prefixes[slot] = pattern;
                            hashes[slot] = pattern.hashCode();
                            positions[slot] = new Positions();
                            lengths.set(pattern.length());
                        }
                        positions[slot].add(r);
                    }
                }
                case EXACT -> {
                    for (int i = 0; i < paths.size(); i++) {
                        byPath.computeIfAbsent(paths.pattern(i), ignored -> new Positions()).add(r);
                    }
                }
                case SUFFIX, REGEX -> scanned.add(r);
            }
        }
        int[][] prefixRules = new int[slots][];
        for (int slot = 0; slot < slots; slot++) {
            if (positions[slot] != null) {
                prefixRules[slot] = positions[slot].toArray();
            }
        }
        Map<String, int[]> exact = HashMap.newHashMap(byPath.size());
        byPath.forEach((path, rulesOfPath) -> exact.put(path, rulesOfPath.toArray()));
        return new RuleIndex(prefixes, hashes, prefixRules, lengths.stream().toArray(), exact, scanned.toArray());
    }

    /** The slot holding {@code pattern}, or the empty slot where it goes. */
    private static int slotOf(String[] prefixes, int[] hashes, String pattern) {
        int hash = pattern.hashCode();
        int mask = prefixes.length - 1;
        int slot = spread(hash) & mask;
        while (prefixes[slot] != null && (hashes[slot] != hash || !prefixes[slot].equals(pattern))) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /**
     * The position in {@code rules} of the first rule the request matches, or {@code rules.length} when none does.
     * {@code rules} are those the index was made of; the other arguments are as in {@link Rule#matches}.
     */
    int firstMatch(Rule[] rules, String host, int nameEnd, String path, RequestView request) {
        int first = rules.length;
        // The path's prefix of each pattern length, hashed as String.hashCode does, one character at a time.
        int hash = 0;
        int hashed = 0;
        for (int length : lengths) {
            if (length > path.length()) {
                break;
            }
            while (hashed < length) {
                hash = 31 * hash + path.charAt(hashed++);
            }
            first = firstOf(prefixRules(path, hash, length), first, rules, host, nameEnd, path, request);
        }
        if (!exactRules.isEmpty()) {
            first = firstOf(exactRules.getOrDefault(path, NONE), first, rules, host, nameEnd, path, request);
        }
        return firstOf(scannedRules, first, rules, host, nameEnd, path, request);
    }

    /** The rules whose prefix pattern is the first {@code length} characters of the path (hashing to {@code hash}). */
    private int[] prefixRules(String path, int hash, int length) {
        for (int slot = spread(hash) & mask; prefixes[slot] != null; slot = (slot + 1) & mask) {
            if (prefixHashes[slot] == hash && prefixes[slot].length() == length && path.startsWith(prefixes[slot])) {
                return prefixRules[slot];
            }
        }
        return NONE;
    }

    /** The first of {@code candidates} (ascending) before {@code first} that matches, else {@code first}. */
    private static int firstOf(int[] candidates, int first, Rule[] rules, String host, int nameEnd, String path,
                               RequestView request) {
        for (int r : candidates) {
            if (r >= first) {
                break;
            }
            if (rules[r].matches(host, nameEnd, path, request)) {
                return r;
            }
        }
        return first;
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }

    /**
     * Rule positions in ascending order, each once (a pattern given twice in one rule is listed once): built once per
     * route table for each of up to ten thousand patterns, so without boxing.
     */
    private static final class Positions {
        private int[] values = new int[1];
        private int size;

        void add(int position) {
            if (size > 0 && values[size - 1] == position) {
                return;
            }
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = position;
        }

        /** The positions; the array itself when it is full (most patterns have one rule), for nothing else holds it. */
        int[] toArray() {
            return size == 0 ? NONE : size == values.length ? values : Arrays.copyOf(values, size);
        }
    }
}
