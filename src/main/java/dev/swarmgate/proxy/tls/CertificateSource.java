package dev.swarmgate.proxy.tls;

/** Where a certificate came from; the order is the order DFP lists them in (directory before secrets). */
public enum CertificateSource {
    /** A file in the certificates directory ({@code /certs}), put there by the user or a volume. */
    DIRECTORY,
    /** Uploaded through {@code PUT /cert}, {@code serviceCert}, or copied from a peer replica; persisted. */
    API,
    /** A Docker secret named {@code cert-*} or {@code cert_*}; never handed to peers. */
    SECRET
}
