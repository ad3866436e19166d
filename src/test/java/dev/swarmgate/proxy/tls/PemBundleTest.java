package dev.swarmgate.proxy.tls;

import dev.swarmgate.testing.TestCertificates;
import io.netty.pkitesting.X509Bundle;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PemBundleTest {

    private static final X509Bundle RSA = TestCertificates.rsa("example.com", "www.Example.com");
    private static final X509Bundle EC = TestCertificates.ec("example.org");

    private static ServerCertificate parse(String pem) throws InvalidCertificateException {
        return PemBundle.parse("example.pem", CertificateSource.DIRECTORY, pem);
    }

    @Test
    void readsAnRsaCertificateWithAPkcs8Key() throws Exception {
        String pem = TestCertificates.combined(RSA);

        ServerCertificate certificate = parse(pem);

        assertThat(certificate.name()).isEqualTo("example.pem");
        assertThat(certificate.source()).isEqualTo(CertificateSource.DIRECTORY);
        assertThat(certificate.leaf()).isEqualTo(RSA.getCertificate());
        assertThat(certificate.key().getAlgorithm()).isEqualTo("RSA");
        assertThat(certificate.serverNames()).containsExactly("example.com", "www.example.com");
        assertThat(certificate.pem()).isEqualTo(pem);
    }

    @Test
    void readsAnEcCertificateKeepingTheWildcard() throws Exception {
        ServerCertificate certificate = parse(TestCertificates.opensslSelfSigned("example.org", "*.Example.org",
                "example.org"));

        assertThat(certificate.key().getAlgorithm()).isEqualTo("EC");
        assertThat(certificate.serverNames()).containsExactly("*.example.org", "example.org");
    }

    @Test
    void readsAPkcs1RsaKeyWrittenBeforeTheCertificate() throws Exception {
        String key = TestCertificates.traditionalKey(RSA);
        assertThat(key).contains("BEGIN RSA PRIVATE KEY");

        ServerCertificate certificate = parse(key + TestCertificates.certificatePem(RSA));

        assertThat(certificate.leaf()).isEqualTo(RSA.getCertificate());
        assertThat(PemBundle.matches(certificate.key(), RSA.getCertificate().getPublicKey())).isTrue();
    }

    @Test
    void readsASec1EcKey() throws Exception {
        String key = TestCertificates.traditionalKey(EC);
        assertThat(key).contains("BEGIN EC PRIVATE KEY");

        ServerCertificate certificate = parse(TestCertificates.certificatePem(EC) + key);

        assertThat(certificate.key().getAlgorithm()).isEqualTo("EC");
        assertThat(PemBundle.matches(certificate.key(), EC.getCertificate().getPublicKey())).isTrue();
    }

    @Test
    void ordersAChainGivenInAnyOrderLeafFirst() throws Exception {
        List<X509Bundle> chain = TestCertificates.chain("api.example.com");
        X509Bundle leaf = chain.get(0);
        String pem = TestCertificates.certificatePem(chain.get(2)) + leaf.getPrivateKeyPEM()
                + TestCertificates.certificatePem(chain.get(1)) + TestCertificates.certificatePem(leaf);

        ServerCertificate certificate = parse(pem);

        assertThat(certificate.chain()).containsExactly(leaf.getCertificate(), chain.get(1).getCertificate(),
                chain.get(2).getCertificate());
        assertThat(certificate.serverNames()).containsExactly("api.example.com");
    }

    @Test
    void fallsBackToTheCommonNameWithoutDnsNames() throws Exception {
        X509Bundle bundle = TestCertificates.commonNameOnly("Legacy.Example.NET");

        assertThat(parse(TestCertificates.combined(bundle)).serverNames()).containsExactly("legacy.example.net");
    }

    @Test
    void acceptsAnExpiredCertificate() throws Exception {
        X509Bundle expired = TestCertificates.expired("old.example.com");

        assertThat(parse(TestCertificates.combined(expired)).serverNames()).containsExactly("old.example.com");
    }

    @Test
    void acceptsTextAroundTheBlocks() throws Exception {
        String pem = "Bag Attributes\n    friendlyName: example\n" + TestCertificates.combined(EC) + "\n\n";

        assertThat(parse(pem).serverNames()).containsExactly("example.org");
    }

    @Test
    void refusesAKeyThatDoesNotMatchTheCertificate() {
        String pem = TestCertificates.certificatePem(RSA) + TestCertificates.rsa("other.com").getPrivateKeyPEM();

        assertThatThrownBy(() -> parse(pem)).isInstanceOf(InvalidCertificateException.class)
                .hasMessageContaining("the private key does not match the certificate CN=example.com");
    }

    @Test
    void refusesAnEcKeyForAnRsaCertificateNamingBothKinds() {
        String pem = TestCertificates.certificatePem(RSA) + EC.getPrivateKeyPEM();

        assertThatThrownBy(() -> parse(pem)).hasMessageContaining("does not match")
                .hasMessageContaining("the key is EC, the certificate's public key is RSA");
    }

    @Test
    void refusesEmptyText() {
        assertThatThrownBy(() -> parse("  \n")).hasMessage("certificate example.pem is empty; a certificate file is"
                + " one PEM text with the server certificate, its private key (unencrypted) and any intermediate"
                + " certificates, e.g. cat example.com.crt example.com.key intermediate.crt > example.com.pem");
    }

    @Test
    void refusesGarbage() {
        assertThatThrownBy(() -> parse("this is not a certificate")).hasMessageStartingWith(
                "certificate example.pem holds no PEM block (no -----BEGIN line)");
    }

    @Test
    void refusesAKeyWithoutCertificate() {
        assertThatThrownBy(() -> parse(RSA.getPrivateKeyPEM()))
                .hasMessageStartingWith("certificate example.pem holds no CERTIFICATE block (it holds only PRIVATE KEY)");
    }

    @Test
    void refusesACertificateWithoutKey() {
        assertThatThrownBy(() -> parse(TestCertificates.certificatePem(RSA)))
                .hasMessageStartingWith("certificate example.pem holds no private key");
    }

    @Test
    void refusesTwoKeys() {
        String pem = TestCertificates.combined(RSA) + TestCertificates.traditionalKey(RSA);

        assertThatThrownBy(() -> parse(pem)).hasMessageContaining("holds 2 private keys");
    }

    @Test
    void refusesAnEncryptedPkcs8Key() {
        String pem = TestCertificates.certificatePem(RSA) + TestCertificates.encryptedKey(RSA);

        assertThatThrownBy(() -> parse(pem)).hasMessageContaining("has an encrypted private key")
                .hasMessageContaining("openssl pkey");
    }

    @Test
    void refusesAnEncryptedTraditionalKey() {
        String pem = TestCertificates.certificatePem(EC) + TestCertificates.encryptedTraditionalKey(EC);

        assertThatThrownBy(() -> parse(pem)).hasMessageContaining("has an encrypted private key");
    }

    @Test
    void refusesBadBase64() {
        String pem = TestCertificates.combined(RSA).replaceFirst("(?m)^MII", "M!I");

        assertThatThrownBy(() -> parse(pem)).hasMessageContaining("the CERTIFICATE block at line 1 is not valid base64");
    }

    @Test
    void refusesDerThatIsNoCertificate() {
        String pem = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n" + RSA.getPrivateKeyPEM();

        assertThatThrownBy(() -> parse(pem)).hasMessageContaining("the CERTIFICATE block at line 1 is not a valid"
                + " X.509 certificate");
    }

    @Test
    void refusesABlockWithoutEnd() {
        String pem = TestCertificates.certificatePem(RSA) + "-----BEGIN PRIVATE KEY-----\nAAAA\n";

        assertThatThrownBy(() -> parse(pem)).hasMessageContaining("has no -----END PRIVATE KEY----- line");
    }

    @Test
    void messagesNeverQuoteTheKey() {
        String key = RSA.getPrivateKeyPEM();
        String body = key.lines().filter(line -> !line.startsWith("-----")).findFirst().orElseThrow();

        assertThatThrownBy(() -> parse(key + key)).message().doesNotContain(body);
    }
}
