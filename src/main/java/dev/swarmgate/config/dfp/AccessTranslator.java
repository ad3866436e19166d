package dev.swarmgate.config.dfp;

import dev.swarmgate.config.InvalidServiceException;
import dev.swarmgate.config.MethodFilter;
import dev.swarmgate.config.PlainHttpDenial;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code allowedMethods}, {@code deniedMethods} and {@code denyHttp}: requests a destination refuses with a 403.
 * Method names are upper-cased: every standard method is upper case, and HAProxy, which compares them
 * case-sensitively, would never match {@code get} against a {@code GET} request.
 */
final class AccessTranslator implements RuleTranslator {

    @Override
    public void translate(RuleContext context, DestinationParameters destination, DestinationRules into)
            throws InvalidServiceException {
        methods(context, destination, "allowedMethods", true, into);
        methods(context, destination, "deniedMethods", false, into);
        if (FlagValue.of(destination.get("denyHttp"), context.problem())) {
            into.add(new PlainHttpDenial());
        }
    }

    private static void methods(RuleContext context, DestinationParameters destination, String name, boolean allow,
                                DestinationRules into) throws InvalidServiceException {
        Optional<ParameterValue> given = destination.get(name);
        if (given.isEmpty()) {
            return;
        }
        into.add(new MethodFilter(methodNames(given.get().name(), context.list(destination, name),
                context.problem()), allow));
    }

    static List<String> methodNames(String parameter, List<String> items, ServiceProblem problem)
            throws InvalidServiceException {
        List<String> methods = new ArrayList<>();
        for (String item : items) {
            if (!HttpTokens.isToken(item)) {
                throw problem.badRequest(parameter + "=" + String.join(",", items) + " has '" + item + "', which is"
                        + " not an HTTP method name; list methods separated by SEPARATOR, e.g. " + parameter
                        + "=GET,HEAD");
            }
            methods.add(item.toUpperCase(Locale.ROOT));
        }
        if (methods.isEmpty()) {
            throw problem.badRequest(parameter + " names no method; list methods, e.g. " + parameter + "=GET,HEAD");
        }
        return methods;
    }
}
