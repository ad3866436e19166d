package dev.swarmgate.sync;

import dev.swarmgate.config.CertificateFile;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PeerCertificatesTest {

    @Test
    void readsDfpsCertsReplySkippingEntriesThatMakeNoFile() {
        String body = "{\"Status\":\"OK\",\"Message\":\"\",\"Certs\":["
                + "{\"ServicePort\":\"\",\"ProxyServiceName\":\"a.pem\",\"CertsDir\":\"/certs\",\"CertContent\":\"PEM-A\"},"
                + "{\"ProxyServiceName\":\"../escape\",\"CertContent\":\"PEM-B\"},"
                + "{\"ProxyServiceName\":\"empty.pem\",\"CertContent\":\"\"}]}";

        assertThat(PeerCertificates.parse("10.0.0.2", body)).containsExactly(new CertificateFile("a.pem", "PEM-A"));
    }

    @Test
    void aBodyThatIsNotJsonListsNothing() {
        assertThat(PeerCertificates.parse("10.0.0.2", "<html>")).isEmpty();
    }
}
