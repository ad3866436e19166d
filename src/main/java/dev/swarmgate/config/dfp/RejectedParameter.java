package dev.swarmgate.config.dfp;

import java.util.List;
import java.util.Optional;

/**
 * Parameters that change who may reach a service or what its backend receives and that Swarmgate does not implement
 * yet. Ignoring one would silently open or alter a service, so a request that would make one take effect is refused.
 * A flag takes effect only when true ({@code httpsOnly=false} is harmless); any other parameter when it is non-empty.
 */
enum RejectedParameter {
    VERIFY_CLIENT_SSL("verifyClientSsl", ParameterLevel.DESTINATION, true,
            "client-certificate verification is not implemented yet; without it clients without a certificate"
                    + " would get in"),
    HTTPS_PORT("httpsPort", ParameterLevel.DESTINATION, false, Reasons.HTTPS_BACKEND),
    SRC_HTTPS_PORT("srcHttpsPort", ParameterLevel.DESTINATION, false, Reasons.HTTPS_BACKEND),
    SSL_VERIFY_NONE("sslVerifyNone", ParameterLevel.DESTINATION, true,
            "TLS towards backends is not implemented yet; without it a TLS backend would receive plain HTTP");

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

    /** Reasons shared by several parameters. */
    private static final class Reasons {
        static final String HTTPS_BACKEND =
                "a separate backend for HTTPS traffic is not implemented yet; without it HTTPS requests would go to"
                        + " the wrong port";
    }
}
