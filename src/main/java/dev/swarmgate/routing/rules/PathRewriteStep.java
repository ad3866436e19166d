package dev.swarmgate.routing.rules;

import dev.swarmgate.config.PathRewrite;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code reqPathSearchReplace}: replaces the first match in the path, or every match when the rewrite is global, as
 * HAProxy's {@code regsub} does without and with its {@code g} flag; the query string is kept. A result that is
 * empty or lost its leading slash gets one, so the request line stays valid. Matching runs on a budget of character
 * reads ({@link ReadBudget}): a path that sends the regex into catastrophic backtracking is answered 500 instead of
 * holding the event loop.
 */
final class PathRewriteStep implements RequestStep {

    /** Character reads one rewrite may make: far beyond any sane regex on an 8 KiB path, a few ms at most. */
    static final int READ_BUDGET = 2_000_000;

    private static final LocalReply OVER_BUDGET = LocalReply.of(500);

    private final Pattern search;
    private final String replacement;
    private final boolean global;

    PathRewriteStep(PathRewrite rewrite) {
        this.search = Pattern.compile(rewrite.regex());
        this.replacement = rewrite.replacement();
        this.global = rewrite.global();
    }

    @Override
    public StepResult apply(RequestView request) {
        String path = request.path();
        Matcher matcher = search.matcher(new ReadBudget(path, READ_BUDGET));
        try {
            if (!matcher.find()) {
                return StepResult.PROCEED;
            }
            StringBuilder rewritten = new StringBuilder(path.length() + replacement.length());
            do {
                matcher.appendReplacement(rewritten, replacement);
            } while (global && matcher.find());
            matcher.appendTail(rewritten);
            if (rewritten.isEmpty() || rewritten.charAt(0) != '/') {
                rewritten.insert(0, '/');
            }
            request.setPath(rewritten.toString());
            return StepResult.PROCEED;
        } catch (ReadBudget.Exhausted e) {
            return OVER_BUDGET;
        }
    }
}
