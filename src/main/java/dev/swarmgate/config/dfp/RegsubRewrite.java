package dev.swarmgate.config.dfp;

import dev.swarmgate.config.PathRewrite;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One {@code search,replace[,flags]} item of {@code reqPathSearchReplace}, which DFP renders as HAProxy's
 * {@code regsub(search,replace)}, translated to Java's regex syntax: {@code \1}..{@code \9} (and {@code \0}, the
 * whole match) become {@code $1}.., {@code \xHH} the character, {@code \c} the character c; a literal {@code $} or
 * {@code \} is escaped for {@link Matcher#appendReplacement}. The flags HAProxy's regsub takes are honoured:
 * {@code g} replaces every match, {@code i} ignores case.
 */
final class RegsubRewrite {

    /** PCRE's POSIX classes ({@code [[:alpha:]]}); Java reads them as a plain set of characters, silently. */
    private static final Pattern POSIX_CLASS = Pattern.compile("\\[:\\^?[a-z]+:]");

    private RegsubRewrite() {
    }

    static PathRewrite parse(String item) throws RuleValueException {
        String[] parts = item.split(",", -1);
        if (parts.length < 2) {
            throw new RuleValueException("'" + item + "' is not a search,replace pair; write the regex, a comma and"
                    + " the replacement, e.g. /api/,/ (an empty replacement deletes the match: /api,)");
        }
        if (parts.length > 3) {
            throw new RuleValueException("'" + item + "' has more than search,replace,flags; neither the regex nor"
                    + " the replacement can hold a comma (HAProxy's regsub splits its arguments on commas): write \\x2C"
                    + " for a comma in the replacement and \\x2C in the regex");
        }
        String search = parts[0];
        String flags = parts.length == 3 ? parts[2] : "";
        if (search.isEmpty()) {
            throw new RuleValueException("'" + item + "' has an empty regex before the comma; write what to search"
                    + " for, e.g. ^/api");
        }
        if (!flags.chars().allMatch(c -> c == 'g' || c == 'i')) {
            throw new RuleValueException("'" + item + "' has the flags '" + flags + "'; regsub knows only g (every"
                    + " match) and i (ignore case)");
        }
        Matcher posix = POSIX_CLASS.matcher(search);
        if (posix.find()) {
            throw new RuleValueException("the regex " + search + " uses the POSIX class " + posix.group()
                    + ", which Java's regex does not know (it would read it as a set of letters); use \\p{"
                    + "Alpha}, \\p{Digit}, \\p{Alnum}, \\p{Space}, ... (docs/compatibility.md, \"Regular"
                    + " expressions\")");
        }
        String regex = flags.indexOf('i') >= 0 ? "(?i)" + search : search;
        Pattern compiled;
        try {
            compiled = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new RuleValueException("the regex " + search + " is not valid in Java's regex dialect ("
                    + e.getDescription() + " near index " + e.getIndex() + "); docs/compatibility.md, \"Regular"
                    + " expressions\", lists where it differs from HAProxy's PCRE");
        }
        int groups = compiled.matcher("").groupCount();
        return new PathRewrite(regex, replacement(parts[1], groups), flags.indexOf('g') >= 0);
    }

    /** The sed-like replacement in {@link Matcher#appendReplacement} syntax. */
    static String replacement(String sed, int groups) throws RuleValueException {
        StringBuilder java = new StringBuilder(sed.length() + 8);
        for (int i = 0; i < sed.length(); i++) {
            char c = sed.charAt(i);
            if (c != '\\') {
                appendLiteral(java, c, sed);
                continue;
            }
            if (++i == sed.length()) {
                throw new RuleValueException("the replacement " + sed + " ends with a lone backslash; write \\\\ for"
                        + " a backslash");
            }
            char escaped = sed.charAt(i);
            if (escaped >= '0' && escaped <= '9') {
                int group = escaped - '0';
                if (group > groups) {
                    throw new RuleValueException("the replacement " + sed + " refers to \\" + group + " but the"
                            + " regex has " + (groups == 1 ? "1 group" : groups + " groups") + "; add a (...) group"
                            + " or use a lower number");
                }
                java.append('$').append(group);
            } else if (escaped == 'x') {
                int value = hex(sed, i + 1);
                i += 2;
                appendLiteral(java, (char) value, sed);
            } else {
                appendLiteral(java, escaped, sed);
            }
        }
        return java.toString();
    }

    private static int hex(String sed, int from) throws RuleValueException {
        if (from + 2 > sed.length()) {
            throw badHex(sed);
        }
        int high = Character.digit(sed.charAt(from), 16);
        int low = Character.digit(sed.charAt(from + 1), 16);
        if (high < 0 || low < 0) {
            throw badHex(sed);
        }
        return high * 16 + low;
    }

    private static RuleValueException badHex(String sed) {
        return new RuleValueException("the replacement " + sed + " has a \\x not followed by two hex digits; write"
                + " e.g. \\x2F for /");
    }

    /**
     * Appends a character meant literally. A path cannot hold spaces, control or non-ASCII characters (they would
     * break the request line or be encoded differently by the next hop); digits and {@code $} and {@code \} are escaped so that {@code \1} followed by {@code 2} stays
     * group 1 and the digit 2.
     */
    private static void appendLiteral(StringBuilder java, char c, String sed) throws RuleValueException {
        if (c <= ' ' || c >= 0x7f) {
            throw new RuleValueException("the replacement " + sed.strip() + " would put a space, a control or a"
                    + " non-ASCII character in the path, which the request line cannot hold; write it"
                    + " percent-encoded (%20, %C3%A9)");
        }
        if (c == '$' || c == '\\' || c >= '0' && c <= '9') {
            java.append('\\');
        }
        java.append(c);
    }
}
