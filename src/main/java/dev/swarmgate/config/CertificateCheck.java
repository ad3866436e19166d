package dev.swarmgate.config;

import java.util.Optional;

/**
 * Tells whether a certificate file a service brings along ({@code serviceCert}) can serve, so a bad one rejects the
 * service where it is parsed, whatever the entry point (API, labels, environment). The model stays free of X.509:
 * the TLS side implements this and the wiring hands it to the parser.
 */
@FunctionalInterface
public interface CertificateCheck {

    /** Accepts every certificate; the certificate store still refuses a bad one when it arrives there. */
    CertificateCheck NONE = file -> Optional.empty();

    /** Why the file cannot serve, in words a user can act on and without quoting the PEM; empty when it can. */
    Optional<String> problem(CertificateFile file);
}
