package dev.swarmgate.config.dfp;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one HAProxy configuration line into words the way HAProxy does: spaces and tabs separate words, a
 * backslash makes the next character literal, double quotes group a word (backslashes still escape inside them),
 * single quotes group it literally. DFP writes each header item into {@code http-request add-header <item>}, so a
 * value with a space has to be quoted there too ({@code X-Via "my proxy"}).
 */
final class HaproxyWords {

    private HaproxyWords() {
    }

    static List<String> split(String line) throws RuleValueException {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\\') {
                if (++i == line.length()) {
                    throw new RuleValueException("ends with a lone backslash; write \\\\ for a backslash");
                }
                word.append(line.charAt(i));
                inWord = true;
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (c == ' ' || c == '\t') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new RuleValueException("has an unclosed " + quote + " quote; close it or write \\" + quote
                    + " for the character itself");
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
