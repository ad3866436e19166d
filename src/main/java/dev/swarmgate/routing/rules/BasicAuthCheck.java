package dev.swarmgate.routing.rules;

import dev.swarmgate.config.BasicAuth;

/** HTTP basic authentication (placeholder until the authentication work lands; no parameter reaches it yet). */
final class BasicAuthCheck implements RequestStep {

    private BasicAuthCheck() {
    }

    static BasicAuthCheck of(BasicAuth auth) {
        throw new UnsupportedOperationException("basic authentication is not built yet");
    }

    @Override
    public StepResult apply(RequestView request) {
        return StepResult.PROCEED;
    }
}
