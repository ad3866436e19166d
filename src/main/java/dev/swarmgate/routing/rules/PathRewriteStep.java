package dev.swarmgate.routing.rules;

import dev.swarmgate.config.PathRewrite;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code reqPathSearchReplace}: replaces every match in the path (HAProxy's {@code regsub}), keeping the query. */
final class PathRewriteStep implements RequestStep {

    private final Pattern search;
    private final String replacement;

    PathRewriteStep(PathRewrite rewrite) {
        this.search = Pattern.compile(rewrite.regex());
        this.replacement = rewrite.replacement();
    }

    @Override
    public StepResult apply(RequestView request) {
        String path = request.path();
        Matcher matcher = search.matcher(path);
        if (matcher.find()) {
            request.setPath(matcher.replaceAll(replacement));
        }
        return StepResult.PROCEED;
    }
}
