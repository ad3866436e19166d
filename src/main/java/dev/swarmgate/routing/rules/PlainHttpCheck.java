package dev.swarmgate.routing.rules;

/** {@code denyHttp}: a 403 for a request that did not arrive over TLS. */
final class PlainHttpCheck implements RequestStep {

    static final PlainHttpCheck INSTANCE = new PlainHttpCheck();
    private static final LocalReply FORBIDDEN = LocalReply.of(403);

    private PlainHttpCheck() {
    }

    @Override
    public StepResult apply(RequestView request) {
        return request.tls() ? StepResult.PROCEED : FORBIDDEN;
    }
}
