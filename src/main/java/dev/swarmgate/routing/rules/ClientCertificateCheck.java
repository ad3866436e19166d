package dev.swarmgate.routing.rules;

/**
 * {@code verifyClientSsl}: a 403 for a request whose connection presented no client certificate verified against
 * {@code CA_FILE} (plain connections included), as DFP's {@code http-request deny unless valid_client_cert}.
 */
final class ClientCertificateCheck implements RequestStep {

    static final ClientCertificateCheck INSTANCE = new ClientCertificateCheck();
    private static final LocalReply FORBIDDEN = LocalReply.of(403);

    private ClientCertificateCheck() {
    }

    @Override
    public StepResult apply(RequestView request) {
        return request.clientCertificateVerified() ? StepResult.PROCEED : FORBIDDEN;
    }
}
