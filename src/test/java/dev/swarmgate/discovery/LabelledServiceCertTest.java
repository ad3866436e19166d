package dev.swarmgate.discovery;

import dev.swarmgate.config.Settings;
import dev.swarmgate.config.dfp.DfpSettings;
import dev.swarmgate.config.dfp.NotifyLabel;
import dev.swarmgate.config.dfp.ServiceParameters;
import dev.swarmgate.docker.SwarmService;
import dev.swarmgate.proxy.tls.CertificateStore;
import dev.swarmgate.proxy.tls.PemCheck;
import dev.swarmgate.proxy.tls.ServerCertificate;
import dev.swarmgate.proxy.tls.ServiceCertificates;
import dev.swarmgate.store.ConfigStore;
import dev.swarmgate.testing.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code com.df.serviceCert} on a swarm service, through the same parser and certificate store wiring as the proxy:
 * the certificate is served under the service's domain, and a label that holds no usable certificate keeps the
 * previous version of the service and its certificate.
 */
class LabelledServiceCertTest {

    private static final String GOOD = TestCertificates.combined(TestCertificates.ec("shop.example.com"));

    @TempDir
    Path dir;

    private ConfigStore store;
    private CertificateStore certificates;

    @AfterEach
    void close() {
        store.close();
        certificates.close();
    }

    private SwarmRoutes routes() {
        Settings settings = DfpSettings.read(Map.of("CERTS_DIR", dir.resolve("certs").toString(),
                "STATE_DIR", dir.resolve("state").toString()), dir.resolve("secrets"));
        store = new ConfigStore(settings);
        certificates = new CertificateStore(settings.tls().certsDir(), settings.secretsDir(), settings.stateDir(),
                List.of(), Clock.systemUTC());
        certificates.load();
        ServiceCertificates serviceCertificates = new ServiceCertificates(certificates);
        store.subscribe(published -> serviceCertificates.publish(published.config()));
        return new SwarmRoutes(new ServiceParameters(settings, new PemCheck()), store, NotifyLabel.DEFAULT,
                endpoints -> { });
    }

    private static SwarmService shop(String serviceCert, String path) {
        return new SwarmService("1", "shop", Map.of("com.df.notify", "true", "com.df.port", "80",
                "com.df.servicePath", path, "com.df.serviceDomain", "shop.example.com",
                "com.df.serviceCert", serviceCert), 1, SwarmService.Mode.REPLICATED, 1, "vip", "img");
    }

    private List<String> served() {
        return certificates.current().certificates().stream().map(ServerCertificate::name).toList();
    }

    @Test
    void aLabelledCertificateIsServedUnderTheServiceDomainAndABadOneKeepsThePreviousVersion() {
        SwarmRoutes routes = routes();

        routes.servicesChanged(List.of(shop(GOOD.replace("\n", "\\n"), "/shop")));
        await().until(() -> served().equals(List.of("shop.example.com")));

        routes.servicesChanged(List.of(shop("-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----",
                "/changed")));

        // the refusal leaves nothing to wait for: give the watcher's change time to be refused
        await().during(Duration.ofMillis(300)).until(() -> store.services().containsKey("shop"));
        assertThat(store.services().get("shop").spec().destinations().getFirst().paths()).containsExactly("/shop");
        assertThat(certificates.current().certificates().getFirst().pem()).isEqualTo(GOOD);
    }
}
