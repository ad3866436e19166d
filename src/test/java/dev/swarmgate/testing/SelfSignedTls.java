package dev.swarmgate.testing;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One self-signed certificate for {@code localhost} and {@code 127.0.0.1}, for tests of what follows the handshake:
 * the proxy serves it from a certificates directory ({@link #certsDir}, given as {@code CERTS_DIR}), clients trust it
 * through {@link #clientContext()} or {@link #pemFile}.
 */
public final class SelfSignedTls {

    private final X509Bundle certificate;

    private SelfSignedTls(X509Bundle certificate) {
        this.certificate = certificate;
    }

    public static SelfSignedTls create() {
        try {
            X509Bundle certificate = new CertificateBuilder()
                    .subject("CN=localhost")
                    .addSanDnsName("localhost")
                    .addSanIpAddress("127.0.0.1")
                    .notBefore(Instant.now().minus(1, ChronoUnit.DAYS))
                    .notAfter(Instant.now().plus(1, ChronoUnit.DAYS))
                    .ecp256()
                    .setIsCertificateAuthority(true)
                    .buildSelfSigned();
            return new SelfSignedTls(certificate);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a test certificate", e);
        }
    }

    /** A directory in {@code dir} holding only the certificate and its key in one PEM, for {@code CERTS_DIR}. */
    public Path certsDir(Path dir) {
        try {
            Path certs = Files.createDirectories(dir.resolve("certs"));
            Files.writeString(certs.resolve("localhost.pem"), certificate.getCertificatePEM()
                    + certificate.getPrivateKeyPEM());
            return certs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JDK client context that trusts this certificate (and nothing else). */
    public SSLContext clientContext() {
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("test", certificate.getCertificate());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the certificate as PEM into {@code dir}, for {@code curl --cacert}. */
    public Path pemFile(Path dir) {
        try {
            return Files.writeString(dir.resolve("test-ca.pem"), certificate.getCertificatePEM());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
