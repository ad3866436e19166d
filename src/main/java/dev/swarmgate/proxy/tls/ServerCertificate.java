package dev.swarmgate.proxy.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * One certificate a TLS listener can present: its chain (leaf first), the matching private key, and the server names
 * it answers for (DNS names of its subjectAltName, else its CN), as read from one combined PEM.
 *
 * @param name        the file or secret name ({@code certName}), unique in a {@link CertificateSet}
 * @param pem         the PEM text as given (what {@code GET /certs} returns and peers copy)
 * @param serverNames lower-case; a wildcard is kept as written ({@code *.example.com})
 */
public record ServerCertificate(String name, CertificateSource source, List<X509Certificate> chain, PrivateKey key,
                                List<String> serverNames, String pem) {

    public ServerCertificate {
        chain = List.copyOf(chain);
        serverNames = List.copyOf(serverNames);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain needs at least the leaf certificate");
        }
    }

    public X509Certificate leaf() {
        return chain.getFirst();
    }
}
