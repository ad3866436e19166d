package dev.swarmgate.routing.rules;

import dev.swarmgate.config.HeaderEdit;

/** A request header edit (placeholder until the header-edit work lands; no parameter reaches it yet). */
final class RequestHeaderEdit implements RequestStep {

    RequestHeaderEdit(HeaderEdit edit) {
        throw new UnsupportedOperationException("header edits are not built yet");
    }

    @Override
    public StepResult apply(RequestView request) {
        return StepResult.PROCEED;
    }
}
