package dev.swarmgate.it;

import dev.swarmgate.proxy.tls.ServerCertificate;
import dev.swarmgate.testing.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Certificates between real proxy replicas on 127.0.0.1-3 ({@link ProxyReplicas}): {@code PUT /cert} with
 * {@code distribute=true} reaches every replica, and a replica that starts copies the certificates of the peer that
 * has the most (dfp-compat §3.3, §4.2).
 */
class CertificateReplicasTest {

    private static final String EXAMPLE = TestCertificates.combined(TestCertificates.ec("example.com"));
    private static final String OTHER = TestCertificates.combined(TestCertificates.ec("other.example.com"));

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private ProxyReplicas replicas;

    @AfterEach
    void stop() {
        if (replicas != null) {
            replicas.close();
        }
        client.close();
    }

    private GatewayUnderTest.Reply put(int replica, String query, String pem) throws Exception {
        URI uri = URI.create("http://" + ProxyReplicas.address(replica).getHostAddress() + ":" + replicas.adminPort()
                + "/v1/docker-flow-proxy/cert?" + query);
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri)
                .PUT(HttpRequest.BodyPublishers.ofString(pem)).build(), HttpResponse.BodyHandlers.ofString());
        return new GatewayUnderTest.Reply(response.statusCode(), response.body());
    }

    private List<String> served(int replica) {
        return replicas.replica(replica).certificates().current().certificates().stream()
                .map(ServerCertificate::name).toList();
    }

    private void tasksAre(int count) {
        List<InetAddress> addresses = IntStream.range(0, count).mapToObj(ProxyReplicas::address).toList();
        replicas.resolveTasks(host -> CompletableFuture.completedFuture(addresses));
    }

    @Test
    void aDistributedUploadReachesEveryReplica() throws Exception {
        replicas = new ProxyReplicas(3);
        tasksAre(3);

        GatewayUnderTest.Reply reply = put(1, "certName=example.com.pem&distribute=true", EXAMPLE);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.body()).contains("\"Message\":\"Distributed to all instances\"");
        for (int i = 0; i < 3; i++) {
            assertThat(served(i)).as("replica %d", i).containsExactly("example.com.pem");
        }
    }

    @Test
    void aDistributedUploadThatIsNoCertificateReachesNoReplica() throws Exception {
        replicas = new ProxyReplicas(2);
        tasksAre(2);

        GatewayUnderTest.Reply reply = put(0, "certName=bad.pem&distribute=true", "garbage");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("holds no PEM block");
        assertThat(served(0)).isEmpty();
        assertThat(served(1)).isEmpty();
    }

    @Test
    void aStartingReplicaCopiesTheLargestListOfItsPeers() throws Exception {
        replicas = new ProxyReplicas(2);
        assertThat(put(0, "certName=example.com.pem", EXAMPLE).status()).isEqualTo(200);
        assertThat(put(1, "certName=example.com.pem", EXAMPLE).status()).isEqualTo(200);
        assertThat(put(1, "certName=other.pem", OTHER).status()).isEqualTo(200);
        tasksAre(3);

        int started = replicas.add();

        assertThat(served(started)).containsExactly("example.com.pem", "other.pem");
        assertThat(replicas.resolved()).contains("tasks.proxy");
    }

    @Test
    void aReplicaStartsWithoutCertificatesWhenNoPeerAnswers() throws Exception {
        replicas = new ProxyReplicas(1);
        // 127.0.0.9 is on the loopback network but nobody listens there: refused at once.
        replicas.resolveTasks(host -> CompletableFuture.completedFuture(List.of(ProxyReplicas.address(8))));

        int started = replicas.add();

        assertThat(served(started)).isEmpty();
    }
}
