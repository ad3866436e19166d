package dev.swarmgate.config;

/**
 * {@code verifyClientSsl=true}: a request gets a 403 unless its TLS connection presented a client certificate that
 * the listener verified against {@code CA_FILE}. Without {@code CA_FILE} listeners ask for no certificate, so every
 * request is refused, as with Docker Flow Proxy.
 */
public record ClientCertificateRequirement() implements HttpRule {
}
