package dev.swarmgate.config.dfp;

import dev.swarmgate.config.CertificateCheck;
import dev.swarmgate.config.CertificateFile;
import dev.swarmgate.config.InvalidServiceException;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code serviceCert} (dfp-compat §1.3 step 3) as the parser sees it: text, a name, and the check's verdict. */
class ServiceCertParameterTest {

    private static final String PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    /** Stands in for the TLS side's check: refuses any text without a key, as PemBundle would. */
    private static final CertificateCheck NEEDS_A_KEY = file -> file.pem().contains("PRIVATE KEY")
            ? Optional.empty() : Optional.of("certificate " + file.name() + " holds no private key");

    private static Optional<CertificateFile> certificate(String query, CertificateCheck check)
            throws InvalidServiceException {
        return new ServiceParameters(Query.settings(), check).parse(Query.of(query)).spec().orElseThrow()
                .certificate();
    }

    /** Query.of does not decode, so the text goes in as the decoded value would be. */
    private static String value(String text) {
        return text;
    }

    @Test
    void isStoredUnderTheFirstDomainOfTheFirstDestinationWithLiteralNewlinesTurnedIntoNewlines()
            throws InvalidServiceException {
        Optional<CertificateFile> file = certificate("serviceName=a&port=80&serviceDomain=a.com,b.com&serviceCert="
                + value(PEM.replace("\n", "\\n")), CertificateCheck.NONE);

        assertThat(file).contains(new CertificateFile("a.com", PEM));
    }

    @Test
    void isStoredUnderTheServiceNameWithoutADomain() throws InvalidServiceException {
        assertThat(certificate("serviceName=go-demo&servicePath=/&port=80&SERVICECERT=" + value(PEM),
                CertificateCheck.NONE)).map(CertificateFile::name).contains("go-demo");
    }

    @Test
    void anEmptyServiceCertIsNone() throws InvalidServiceException {
        assertThat(certificate("serviceName=a&servicePath=/&port=80&serviceCert=", CertificateCheck.NONE)).isEmpty();
    }

    @Test
    void aCertificateTheCheckRefusesRejectsTheServiceWithoutQuotingIt() {
        assertThatThrownBy(() -> certificate("serviceName=a&servicePath=/&port=80&serviceCert=" + value(PEM),
                NEEDS_A_KEY)).isInstanceOfSatisfying(InvalidServiceException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).startsWith("serviceName a: serviceCert is not a certificate the proxy"
                            + " can serve: certificate a holds no private key").doesNotContain("MIIB");
                });
    }

    @Test
    void aDomainThatCannotNameAFileRejectsTheService() {
        assertThatThrownBy(() -> certificate("serviceName=a&port=80&serviceDomain=..&serviceCert=" + value(PEM),
                CertificateCheck.NONE)).hasMessageContaining("cannot name a certificate file");
    }
}
