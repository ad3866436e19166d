package dev.swarmgate.routing.rules;

import dev.swarmgate.config.HeaderEdit;

/**
 * {@code addResHeader}, {@code setResHeader}, {@code delResHeader}: edits the backend's response head before it goes
 * to the client, as HAProxy's {@code http-response add-header / set-header / del-header} do.
 */
final class ResponseHeaderEdit implements ResponseStep {

    private final HeaderEdit.Action action;
    private final String name;
    private final HeaderValueTemplate value;
    private final HeaderEdit.TlsCondition condition;

    ResponseHeaderEdit(HeaderEdit edit) {
        this.action = edit.action();
        this.name = edit.name();
        this.value = HeaderValueTemplate.of(edit.value());
        this.condition = edit.condition();
    }

    @Override
    public void apply(RequestView request, ResponseView response) {
        if (TlsGuard.allows(condition, request)) {
            switch (action) {
                case ADD -> response.addHeader(name, value.render(request, response));
                case SET -> response.setHeader(name, value.render(request, response));
                case DELETE -> response.removeHeader(name);
            }
        }
    }
}
