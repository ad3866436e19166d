package dev.swarmgate.proxy.tls;

import java.util.List;

/**
 * Every certificate TLS listeners may present, in order: the first is the default one (clients without a server
 * name, or with one no certificate matches). Immutable; a change is a new set.
 */
public record CertificateSet(List<ServerCertificate> certificates) {

    public static final CertificateSet EMPTY = new CertificateSet(List.of());

    public CertificateSet {
        certificates = List.copyOf(certificates);
    }

    public boolean isEmpty() {
        return certificates.isEmpty();
    }
}
