package dev.swarmgate.config.dfp;

import dev.swarmgate.config.HeaderEdit;
import dev.swarmgate.config.HeaderEdit.Action;
import dev.swarmgate.config.HeaderEdit.Direction;
import dev.swarmgate.config.HeaderEdit.TlsCondition;
import dev.swarmgate.config.HeaderValue;

import java.util.List;

/**
 * One item of a header list parameter, the rest of HAProxy's {@code http-request add-header <item>} line DFP
 * writes: {@code Name value [if|unless { ssl_fc }]} ({@code Name [if|unless ...]} for a delete). The value is one
 * word (quote it to hold spaces) in log-format syntax ({@link LogFormatValue}).
 */
final class HeaderEditItem {

    private HeaderEditItem() {
    }

    static HeaderEdit parse(String item, Direction direction, Action action) throws RuleValueException {
        for (int i = 0; i < item.length(); i++) {
            char c = item.charAt(i);
            if (c == '\r' || c == '\n') {
                throw new RuleValueException("an item holds a line break (CR or LF), which would end the header"
                        + " line and start another; remove it");
            }
            if (c < ' ' && c != '\t' || c == 0x7f) {
                throw new RuleValueException("an item holds the control character U+" + String.format("%04X",
                        (int) c) + ", which a header cannot carry; remove it");
            }
            if (c > 0x7f) {
                throw new RuleValueException("an item holds the non-ASCII character U+" + String.format("%04X",
                        (int) c) + ", which HTTP/1.1 headers do not carry reliably; use ASCII (percent-encode it"
                        + " if the receiver decodes that)");
            }
        }
        List<String> words = HaproxyWords.split(item);
        String name = words.getFirst();
        if (!HeaderNames.isToken(name)) {
            throw new RuleValueException("'" + HeaderNames.validPrefix(name) + "...' is not a header name (letters,"
                    + " digits and !#$%&'*+-.^_`|~ only); write the name, a space and the value, without a colon,"
                    + " e.g. X-Served-By swarmgate");
        }
        String refusal = HeaderNames.refusal(name, direction, action);
        if (refusal != null) {
            throw new RuleValueException(refusal + "; remove this item");
        }
        int next = 1;
        HeaderValue value = HeaderValue.EMPTY;
        if (action != Action.DELETE) {
            if (words.size() < 2 || isConditionKeyword(words.get(1))) {
                throw new RuleValueException(name + " has no value; write the name, a space and the value, e.g. "
                        + name + " on (quote a value holding spaces: " + name + " \"a b\")");
            }
            try {
                value = LogFormatValue.parse(words.get(1), direction);
            } catch (RuleValueException e) {
                throw new RuleValueException("the value of " + name + " " + e.getMessage());
            }
            next = 2;
        }
        TlsCondition condition = condition(name, words.subList(next, words.size()), action);
        return new HeaderEdit(direction, action, name, value, condition);
    }

    private static boolean isConditionKeyword(String word) {
        return word.equals("if") || word.equals("unless");
    }

    private static TlsCondition condition(String name, List<String> words, Action action)
            throws RuleValueException {
        if (words.isEmpty()) {
            return TlsCondition.ALWAYS;
        }
        if (!isConditionKeyword(words.getFirst())) {
            // The words are not repeated: they may be the rest of a credential (Authorization Basic ...).
            throw new RuleValueException(action == Action.DELETE
                    ? name + " is followed by more words; only if { ssl_fc } or unless { ssl_fc } may follow the name"
                    : "the value of " + name + " is more than one word; quote a value holding spaces, e.g. " + name
                    + " \"a b\" (only if { ssl_fc } or unless { ssl_fc } may follow the value)");
        }
        boolean unless = words.getFirst().equals("unless");
        String acl = String.join(" ", words.subList(1, words.size()));
        boolean negated;
        switch (acl) {
            case "{ ssl_fc }" -> negated = false;
            case "!{ ssl_fc }", "! { ssl_fc }" -> negated = true;
            default -> throw new RuleValueException(name + " has the condition '" + words.getFirst() + " " + acl
                    + "', which Swarmgate does not evaluate; supported: if { ssl_fc }, unless { ssl_fc },"
                    + " if !{ ssl_fc }");
        }
        return unless != negated ? TlsCondition.UNLESS_TLS : TlsCondition.IF_TLS;
    }
}
