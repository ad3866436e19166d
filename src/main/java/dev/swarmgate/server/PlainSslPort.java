package dev.swarmgate.server;

/**
 * The warning for an {@code :ssl} port that serves plain HTTP because no certificate exists (as Docker Flow Proxy's
 * did): a client that expects TLS there gets a failed handshake, and one that sends plain HTTP is not protected,
 * so the log says it loudly, with the ways to add a certificate.
 */
final class PlainSslPort {

    private static final String FIX = "; add a certificate to terminate TLS there: a cert-<name> secret on the proxy"
            + " service, a combined PEM file in CERTS_DIR (default /certs), or"
            + " PUT /v1/docker-flow-proxy/cert?certName=<name> on the admin API (docs/tls.md)";

    private PlainSslPort() {
    }

    /** When an {@code :ssl} listener binds without a certificate. */
    static String atBind(String host, int port) {
        return "port " + port + " (" + host + ":" + port + ") is declared :ssl but serves plain HTTP: no certificate"
                + " exists" + FIX;
    }

    /** When the last certificate goes away while {@code :ssl} listeners are bound. */
    static String afterLastCertificate(Iterable<Integer> ports) {
        return "the last certificate is gone: :ssl port(s) " + ports + " serve plain HTTP to new connections" + FIX;
    }
}
