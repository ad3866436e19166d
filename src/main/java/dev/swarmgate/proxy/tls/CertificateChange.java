package dev.swarmgate.proxy.tls;

import java.util.Optional;

/**
 * An accepted upload: the certificate now served, and why it may not survive a restart (it could not be written to
 * the certificates directory nor under {@code STATE_DIR}), if so.
 */
public record CertificateChange(ServerCertificate certificate, Optional<String> persistenceProblem) {
}
