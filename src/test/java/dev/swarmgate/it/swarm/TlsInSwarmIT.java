package dev.swarmgate.it.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmgate.testing.Curl;
import dev.swarmgate.testing.FreePort;
import dev.swarmgate.testing.TestCertificate;
import dev.swarmgate.testing.swarm.Poll;
import dev.swarmgate.testing.swarm.ProxyReplicas;
import dev.swarmgate.testing.swarm.ProxyService;
import dev.swarmgate.testing.swarm.Service;
import dev.swarmgate.testing.swarm.ServiceSpec;
import dev.swarmgate.testing.swarm.Swarm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS the way Docker Flow Proxy users set it up in a swarm: a {@code cert-*} secret attached to the proxy service
 * makes its {@code :ssl} port serve HTTPS with that certificate, and a certificate uploaded to one replica with
 * {@code distribute=true} reaches every replica. The client verifies the certificate it gets against the one the test
 * made, so a handshake that succeeds proves which certificate was served.
 */
@Tag("swarm")
class TlsInSwarmIT {

    private static final int HTTPS_PORT = 443;
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final Swarm swarm = new Swarm();

    @TempDir
    Path dir;

    @Test
    void aCertSecretOnTheProxyServiceServesHttps() {
        String name = "secret.swarmgate.test";
        TestCertificate certificate = TestCertificate.make(dir, name);
        String secret = swarm.createSecret("site-cert", certificate.combined());
        int httpsPort = FreePort.pick();
        ProxyService proxy = ProxyService.start(swarm, ProxyService.spec("proxy")
                .env("SWARM_DISCOVERY", "on")
                .env("DEFAULT_PORTS", ProxyService.HTTP_PORT + "," + HTTPS_PORT + ":ssl")
                .secret(secret, "cert-site.pem")
                .publishOnHost(HTTPS_PORT, httpsPort));
        Service web = swarm.create(ServiceSpec.routedBackend("web", swarm.path("web")));
        web.awaitRunning(1);

        String url = "https://" + name + ":" + httpsPort + swarm.path("web") + "/hello";
        Poll.Seen<Curl.Result> served = Poll.until("HTTPS through the secret's certificate: " + url, POLL, WAIT,
                () -> https(name, httpsPort, certificate, url), TlsInSwarmIT::answered200, swarm::diagnostics);

        assertThat(served.value().stdout()).as("curl verified the handshake against the secret's certificate")
                .isEqualTo("200 2");
        assertThat(Curl.run("--output", "/dev/null", "--write-out", "%{http_code}", proxy.url(swarm.path("web")
                + "/hello")).stdout()).as("plain HTTP on port 80 keeps working").isEqualTo("200");
    }

    @Test
    void aCertificatePutWithDistributeReachesEveryReplica() throws Exception {
        String name = "distributed.swarmgate.test";
        TestCertificate certificate = TestCertificate.make(dir, name);
        String serviceName = swarm.prefix() + "replicated";
        ProxyReplicas proxies = ProxyReplicas.start(swarm, ProxyService.spec("replicated")
                .env("SERVICE_NAME", serviceName)
                .env("DEFAULT_PORTS", ProxyService.HTTP_PORT + "," + HTTPS_PORT + ":ssl")
                .publishOnHost(HTTPS_PORT), 2);
        ProxyReplicas.Replica first = proxies.replicas().getFirst();

        Curl.Result put = Curl.run(Duration.ofSeconds(30), "--output", "/dev/null", "--write-out", "%{http_code}",
                "-X", "PUT", "--data-binary", "@" + certificate.combined(),
                "http://127.0.0.1:" + first.admin().port() + "/v1/docker-flow-proxy/cert?certName=" + name
                        + ".pem&distribute=true");
        assertThat(put.stdout()).as(() -> "PUT /cert with distribute=true: " + put.stderr() + "\n"
                + swarm.diagnostics()).isEqualTo("200");

        for (ProxyReplicas.Replica replica : proxies.replicas()) {
            int port = replica.publishedPort(HTTPS_PORT);
            String url = "https://" + name + ":" + port + "/";
            // Nothing is routed at "/": the 503 page, over a handshake verified against the uploaded certificate.
            Poll.until(replica.describe() + " serves the distributed certificate", POLL, WAIT,
                    () -> https(name, port, certificate, url), result -> result.exitCode() == 0,
                    swarm::diagnostics);
            assertThat(replica.admin().json("/v1/docker-flow-proxy/certs").toString())
                    .as(replica.describe() + " lists the certificate").contains(name + ".pem");
        }
        Files.deleteIfExists(certificate.combined());
    }

    private static Curl.Result https(String name, int port, TestCertificate certificate, String url) {
        return Curl.run(Duration.ofSeconds(5), "--output", "/dev/null", "--write-out",
                "%{http_code} %{http_version}", "--http2", "--resolve", name + ":" + port + ":127.0.0.1",
                "--cacert", certificate.certificate().toString(), url);
    }

    private static boolean answered200(Curl.Result result) {
        return result.exitCode() == 0 && result.stdout().startsWith("200");
    }
}
