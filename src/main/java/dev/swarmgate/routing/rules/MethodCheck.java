package dev.swarmgate.routing.rules;

import dev.swarmgate.config.MethodFilter;

import java.util.Set;

/** {@code allowedMethods} / {@code deniedMethods}: a 403 for a method the route does not take. */
final class MethodCheck implements RequestStep {

    private static final LocalReply FORBIDDEN = LocalReply.of(403);

    private final Set<String> methods;
    private final boolean allow;

    MethodCheck(MethodFilter filter) {
        this.methods = Set.copyOf(filter.methods());
        this.allow = filter.allow();
    }

    @Override
    public StepResult apply(RequestView request) {
        return methods.contains(request.method()) == allow ? StepResult.PROCEED : FORBIDDEN;
    }
}
