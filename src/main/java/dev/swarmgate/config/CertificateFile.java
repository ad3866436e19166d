package dev.swarmgate.config;

import java.util.Optional;

/**
 * A certificate as Docker Flow Proxy keeps it: one combined PEM text (certificate, private key, chain) under a file
 * name in the certificates directory. What {@code PUT /cert}, {@code serviceCert} and a peer replica hand over; it is
 * only text here, read into a certificate by the TLS side.
 *
 * @param name a plain file name ({@code certName}, the service's domain, ...): no directory, no {@code ..}
 * @param pem  the PEM text; never logged, it holds a private key
 */
public record CertificateFile(String name, String pem) {

    public CertificateFile {
        problemWithName(name).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        if (pem == null) {
            throw new IllegalArgumentException("certificate " + name + " has no PEM text");
        }
    }

    /**
     * Why {@code name} cannot name a file in the certificates directory, if it cannot: it must be one plain file name,
     * not a path, so nothing can be written outside that directory.
     */
    public static Optional<String> problemWithName(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("a certificate needs a name (certName)");
        }
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0 || name.equals(".") || name.equals("..")
                || name.startsWith(".")) {
            return Optional.of("certName " + name + " is not a plain file name; give a name without '/',"
                    + " '\\' or a leading '.', e.g. certName=example.com.pem");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                return Optional.of("certName holds a control character; give a plain file name, e.g."
                        + " certName=example.com.pem");
            }
        }
        if (name.length() > 255) {
            return Optional.of("certName is longer than 255 characters, more than a file name can be");
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "CertificateFile[" + name + "]";
    }
}
