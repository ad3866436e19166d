package dev.swarmgate.config.dfp;

import java.util.List;
import java.util.Optional;

/**
 * Parameters that change who may reach a service or what its backend receives and that Swarmgate does not implement
 * yet. Ignoring one would silently open or alter a service, so a request that would make one take effect is refused.
 * A flag takes effect only when true ({@code httpsOnly=false} is harmless); any other parameter when it is non-empty.
 */
enum RejectedParameter {
    SERVICE_CERT("serviceCert", ParameterLevel.SERVICE, false,
            "certificates sent with reconfigure are not implemented yet; without it the domain would be served"
                    + " without its certificate");

    private final ParameterRule rule;

    RejectedParameter(String parameter, ParameterLevel level, boolean flag, String reason) {
        this.rule = new ParameterRule(parameter, level, flag, reason);
    }

    String parameter() {
        return rule.parameter();
    }

    String reason() {
        return rule.reason();
    }

    /** The first occurrence of this parameter that would take effect in the request, if any. */
    Optional<ParameterValue> effectiveIn(ParameterView view, List<DestinationParameters> destinations) {
        String parameter = rule.parameter();
        if (rule.level() == ParameterLevel.SERVICE) {
            return view.service(parameter).map(value -> new ParameterValue(parameter, value))
                    .filter(value -> rule.asksForSomething(value.value()));
        }
        return destinations.stream()
                .flatMap(destination -> destination.get(parameter).stream())
                .filter(value -> rule.asksForSomething(value.value()))
                .findFirst();
    }
}
