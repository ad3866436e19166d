package dev.swarmgate.sync;

import dev.swarmgate.config.CertificateFile;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;

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

    @Test
    void addressesAreOnTheSameNetworkByPrefix() throws Exception {
        InetAddress local = InetAddress.getByName("10.0.1.7");

        assertThat(PeerCertificates.sameNetwork(local, InetAddress.getByName("10.0.1.200"), 24)).isTrue();
        assertThat(PeerCertificates.sameNetwork(local, InetAddress.getByName("10.0.2.1"), 24)).isFalse();
        assertThat(PeerCertificates.sameNetwork(local, InetAddress.getByName("::1"), 24)).isFalse();
    }

    @Test
    void loopbackPeersAreOnALocalNetworkAndPublicAddressesAreNot() throws Exception {
        assertThat(PeerCertificates.onLocalSubnet(InetAddress.getByName("127.0.0.2"))).isTrue();
        assertThat(PeerCertificates.onLocalSubnet(InetAddress.getByName("203.0.113.77"))).isFalse();
    }
}
