package dev.swarmgate.routing.rules;

import dev.swarmgate.config.HeaderEdit;

/** A response header edit (placeholder until the header-edit work lands; no parameter reaches it yet). */
final class ResponseHeaderEdit implements ResponseStep {

    ResponseHeaderEdit(HeaderEdit edit) {
        throw new UnsupportedOperationException("header edits are not built yet");
    }

    @Override
    public void apply(RequestView request, ResponseView response) {
    }
}
