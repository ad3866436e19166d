package dev.swarmgate.routing.rules;

import dev.swarmgate.config.HeaderEdit;

/**
 * {@code addReqHeader}, {@code setReqHeader}, {@code delReqHeader}: edits the request before it goes to the
 * backend, as HAProxy's {@code http-request add-header / set-header / del-header} do.
 */
final class RequestHeaderEdit implements RequestStep {

    private final HeaderEdit.Action action;
    private final String name;
    private final HeaderValueTemplate value;
    private final HeaderEdit.TlsCondition condition;

    RequestHeaderEdit(HeaderEdit edit) {
        this.action = edit.action();
        this.name = edit.name();
        this.value = HeaderValueTemplate.of(edit.value());
        this.condition = edit.condition();
    }

    @Override
    public StepResult apply(RequestView request) {
        if (TlsGuard.allows(condition, request)) {
            switch (action) {
                case ADD -> request.addHeader(name, value.render(request, null));
                case SET -> request.setHeader(name, value.render(request, null));
                case DELETE -> request.removeHeader(name);
            }
        }
        return StepResult.PROCEED;
    }
}
