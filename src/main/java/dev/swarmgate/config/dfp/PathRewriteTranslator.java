package dev.swarmgate.config.dfp;

import dev.swarmgate.config.InvalidServiceException;

import java.util.Optional;

/**
 * {@code reqPathSearchReplace(.N)}: {@code search,replace} pairs separated by {@code :}, each a path rewrite in
 * order; the deprecated service-level {@code reqPathSearch} / {@code reqPathReplace} pair (an absent replace is an
 * empty one) comes first on every destination, as DFP prepends it.
 */
final class PathRewriteTranslator implements RuleTranslator {

    @Override
    public void translate(RuleContext context, DestinationParameters destination, DestinationRules into)
            throws InvalidServiceException {
        Optional<String> search = context.view().service("reqPathSearch");
        Optional<String> replace = context.view().service("reqPathReplace");
        if (search.isPresent()) {
            add("reqPathSearch", search.get() + "," + replace.orElse(""), context, into);
        } else if (replace.isPresent()) {
            throw context.problem().badRequest("reqPathReplace needs reqPathSearch, the regex whose match it"
                    + " replaces (DFP ignores it silently); add reqPathSearch or, better, use"
                    + " reqPathSearchReplace=search,replace");
        }
        Optional<ParameterValue> pairs = destination.get("reqPathSearchReplace");
        if (pairs.isPresent()) {
            for (String pair : pairs.get().value().split(":", -1)) {
                add(pairs.get().name(), pair, context, into);
            }
        }
    }

    private static void add(String parameter, String pair, RuleContext context, DestinationRules into)
            throws InvalidServiceException {
        try {
            into.add(RegsubRewrite.parse(pair));
        } catch (RuleValueException e) {
            throw context.problem().badRequest(parameter + ": " + e.getMessage());
        }
    }
}
