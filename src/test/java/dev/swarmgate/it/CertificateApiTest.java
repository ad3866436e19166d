package dev.swarmgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swarmgate.proxy.tls.ServerCertificate;
import dev.swarmgate.testing.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code PUT /cert}, {@code GET /certs} and {@code serviceCert} through the real admin API of an in-process proxy:
 * DFP's replies, the 400s that say what is wrong, a bad upload that keeps the good certificate, and certificates that
 * survive a restart.
 */
class CertificateApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXAMPLE = TestCertificates.combined(TestCertificates.ec("example.com"));
    private static final String OTHER = TestCertificates.combined(TestCertificates.rsa("other.example.com"));
    private static final String CERT = "/v1/docker-flow-proxy/cert";
    private static final String CERTS = "/v1/docker-flow-proxy/certs";

    private final HttpClient client = HttpClient.newHttpClient();
    private GatewayUnderTest gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        client.close();
    }

    private GatewayUnderTest.Reply send(String method, String pathAndQuery, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(GatewayUnderTest.url(gateway.adminPort(),
                pathAndQuery))).method(method, HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new GatewayUnderTest.Reply(response.statusCode(), response.body());
    }

    private GatewayUnderTest.Reply put(String certName, String pem) throws Exception {
        return send("PUT", CERT + "?certName=" + certName, pem);
    }

    private List<String> servedNames() {
        return gateway.runtime().certificates().current().certificates().stream().map(ServerCertificate::name).toList();
    }

    @Test
    void anUploadedCertificateIsServedAndListedInDfpShape() throws Exception {
        gateway = GatewayUnderTest.start();

        GatewayUnderTest.Reply put = put("example.com.pem", EXAMPLE);

        assertThat(put.status()).isEqualTo(200);
        assertThat(put.body()).isEqualTo("{\"Status\":\"OK\",\"Message\":\"\",\"Certs\":null}");
        assertThat(servedNames()).containsExactly("example.com.pem");
        JsonNode listed = JSON.readTree(gateway.admin(CERTS).body());
        assertThat(listed.path("Status").asText()).isEqualTo("OK");
        assertThat(listed.path("Certs")).hasSize(1);
        JsonNode cert = listed.path("Certs").get(0);
        assertThat(cert.path("ServicePort").asText()).isEmpty();
        assertThat(cert.path("ProxyServiceName").asText()).isEqualTo("example.com.pem");
        assertThat(cert.path("CertsDir").asText()).isEqualTo(gateway.ownDir().resolve("certs").toString());
        assertThat(cert.path("CertContent").asText()).isEqualTo(EXAMPLE);
    }

    @Test
    void aMissingCertNameOrBodyIsRefusedWithDfpMessages() throws Exception {
        gateway = GatewayUnderTest.start();

        assertThat(send("PUT", CERT, EXAMPLE)).isEqualTo(new GatewayUnderTest.Reply(400,
                "{\"Status\":\"NOK\",\"Message\":\"Query parameter certName is mandatory\",\"Certs\":null}"));
        assertThat(put("a.pem", "")).isEqualTo(new GatewayUnderTest.Reply(400,
                "{\"Status\":\"NOK\",\"Message\":\"Body is empty\",\"Certs\":null}"));
    }

    @Test
    void aCertNameThatIsAPathIsRefused() throws Exception {
        gateway = GatewayUnderTest.start();

        GatewayUnderTest.Reply reply = put("..%2Fescape.pem", EXAMPLE);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("is not a plain file name");
        assertThat(Files.exists(gateway.ownDir().resolve("escape.pem"))).isFalse();
    }

    @Test
    void aMalformedOrMismatchedUploadIsRefusedSayingWhyAndTheGoodCertificateStays() throws Exception {
        gateway = GatewayUnderTest.start();
        assertThat(put("site.pem", EXAMPLE).status()).isEqualTo(200);

        GatewayUnderTest.Reply garbage = put("site.pem", "not a certificate");
        String mismatched = TestCertificates.certificatePem(TestCertificates.ec("example.com"))
                + TestCertificates.ec("example.com").getPrivateKeyPEM();
        GatewayUnderTest.Reply mismatch = put("site.pem", mismatched);

        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.body()).contains("\"Status\":\"NOK\"").contains("holds no PEM block");
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(mismatch.body()).contains("the private key does not match the certificate CN=example.com");
        assertThat(JSON.readTree(gateway.admin(CERTS).body()).path("Certs").get(0).path("CertContent").asText())
                .isEqualTo(EXAMPLE);
    }

    @Test
    void certTakesPutOnly() throws Exception {
        gateway = GatewayUnderTest.start();

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(GatewayUnderTest.url(
                gateway.adminPort(), CERT + "?certName=a.pem"))).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).contains("PUT");
    }

    @Test
    void theCertificateEndpointsNeedAdminCredentialsWhenAdminUsersAreSet() throws Exception {
        gateway = GatewayUnderTest.start(Map.of("ADMIN_USERS", "ops:s3cret"));
        String basic = "Basic " + Base64.getEncoder().encodeToString("ops:s3cret".getBytes(StandardCharsets.UTF_8));

        assertThat(put("a.pem", EXAMPLE).status()).isEqualTo(401);
        assertThat(gateway.admin(CERTS).status()).isEqualTo(401);
        assertThat(send("PUT", CERT + "?certName=a.pem", EXAMPLE, "Authorization", basic).status()).isEqualTo(200);
        assertThat(send("GET", CERTS, "", "Authorization", basic).body()).contains("\"ProxyServiceName\":\"a.pem\"");
    }

    @Test
    void anUploadedCertificateIsServedAfterARestartWithoutACertificatesVolume() throws Exception {
        GatewayUnderTest first = GatewayUnderTest.start();
        gateway = first;
        assertThat(put("example.com.pem", EXAMPLE).status()).isEqualTo(200);
        first.runtime().close();
        deleteRecursively(first.ownDir().resolve("certs")); // a new container: nothing in /certs

        gateway = first.restart();

        assertThat(servedNames()).containsExactly("example.com.pem");
        assertThat(gateway.admin(CERTS).body()).contains("\"ProxyServiceName\":\"example.com.pem\"");
    }

    @Test
    void aServiceCertIsStoredUnderTheFirstDomainWithLiteralBackslashNTurnedIntoNewlines() throws Exception {
        gateway = GatewayUnderTest.start();
        String escaped = EXAMPLE.replace("\n", "\\n");

        gateway.route("serviceName=site&servicePath=/&port=8080&serviceDomain=example.com,www.example.com"
                + "&serviceCert=" + URLEncoder.encode(escaped, StandardCharsets.UTF_8));

        assertThat(servedNames()).containsExactly("example.com");
        assertThat(gateway.runtime().certificates().current().certificates().getFirst().pem()).isEqualTo(EXAMPLE);
    }

    @Test
    void aServiceCertWithoutDomainIsStoredUnderTheServiceName() throws Exception {
        gateway = GatewayUnderTest.start();

        gateway.route("serviceName=go-demo&servicePath=/demo&port=8080&serviceCert="
                + URLEncoder.encode(OTHER, StandardCharsets.UTF_8));

        assertThat(servedNames()).containsExactly("go-demo");
    }

    @Test
    void aMalformedServiceCertRejectsTheReconfigureSayingWhy() throws Exception {
        gateway = GatewayUnderTest.start();

        GatewayUnderTest.Reply reply = gateway.reconfigure("serviceName=site&servicePath=/&port=8080"
                + "&serviceCert=" + URLEncoder.encode(TestCertificates.certificatePem(TestCertificates.ec("x.com")),
                StandardCharsets.UTF_8));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("serviceCert is not a certificate the proxy can serve")
                .contains("holds no private key");
        assertThat(gateway.runtime().store().services()).doesNotContainKey("site");
        assertThat(servedNames()).isEmpty();
    }

    @Test
    void aServiceCertFromDfpServiceEnvironmentVariablesIsServedFromTheStart() {
        gateway = GatewayUnderTest.start(Map.of(
                "DFP_SERVICE_SERVICE_NAME", "env-site",
                "DFP_SERVICE_SERVICE_PATH", "/",
                "DFP_SERVICE_PORT", "8080",
                "DFP_SERVICE_SERVICE_DOMAIN", "env.example.com",
                "DFP_SERVICE_SERVICE_CERT", EXAMPLE.replace("\n", "\\n")));

        assertThat(servedNames()).containsExactly("env.example.com");
    }

    @Test
    void certificatesOfTheDirectoryAndSecretsAreServedAndOnlyTheDirectoryIsListed() throws Exception {
        Path secrets = Files.createTempDirectory("swarmgate-secrets-");
        Path certs = Files.createTempDirectory("swarmgate-certs-");
        try {
            Files.writeString(secrets.resolve("cert-secret.pem"), OTHER);
            Files.writeString(certs.resolve("file.pem"), EXAMPLE);
            Files.writeString(certs.resolve("broken.pem"), "-----BEGIN CERTIFICATE-----\n!!\n-----END CERTIFICATE-----");
            gateway = GatewayUnderTest.start(Map.of("CERTS_DIR", certs.toString(),
                    "PREFERRED_CERTIFICATE", "cert-*"), secrets);

            assertThat(servedNames()).containsExactly("cert-secret.pem", "file.pem");
            assertThat(gateway.admin(CERTS).body()).contains("file.pem").doesNotContain("cert-secret.pem");
        } finally {
            deleteRecursively(secrets);
            deleteRecursively(certs);
        }
    }

    @Test
    void aFileDroppedIntoTheCertificatesDirectoryIsServedFromTheNextConfigurationChange() throws Exception {
        gateway = GatewayUnderTest.start();
        Files.createDirectories(gateway.ownDir().resolve("certs"));
        Files.writeString(gateway.ownDir().resolve("certs").resolve("dropped.pem"), EXAMPLE);
        assertThat(servedNames()).isEmpty();

        gateway.route("serviceName=any&servicePath=/any&port=8080");

        assertThat(servedNames()).containsExactly("dropped.pem");
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
