package dev.swarmgate.routing;

import dev.swarmgate.config.BackendTls;
import dev.swarmgate.config.Destination;
import dev.swarmgate.config.GatewayConfig;
import dev.swarmgate.config.ListenerSpec;
import dev.swarmgate.config.ServiceSpec;
import dev.swarmgate.config.Settings;
import dev.swarmgate.config.TlsOptions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.LinkedHashMap;

import static dev.swarmgate.routing.Specs.DFP_DEFAULT_PORTS;
import static dev.swarmgate.routing.Specs.path;
import static dev.swarmgate.routing.Specs.settings;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code httpsPort}: the listener port a request arrived on picks the backend port, as DFP's two backends do. */
class HttpsEntryRoutingTest {

    private static final Settings WITH_8085 = settings(DFP_DEFAULT_PORTS, List.of(new ListenerSpec(8085, false, false)));

    /** What the parser makes of {@code servicePath=/x&port=8080&httpsPort=8443[&srcHttpsPort=...]}. */
    private static List<Destination> portAndHttpsPort(int srcHttpsPort) {
        Destination plain = path(8080, "/x").srcPort(80).build(0);
        return List.of(plain, plain.httpsEntry(srcHttpsPort, 8443, List.of()));
    }

    private static Snapshot compile(Settings settings, ServiceSpec... services) {
        LinkedHashMap<String, ServiceSpec> byName = new LinkedHashMap<>();
        for (ServiceSpec service : services) {
            byName.put(service.name(), service);
        }
        return Compiler.compile(GatewayConfig.of(settings, byName), 1);
    }

    @Test
    void requestsOnSrcHttpsPortGoToHttpsPortAndOnSrcPortToPort() {
        Snapshot snapshot = compile(WITH_8085, new ServiceSpec("hp", "hp", portAndHttpsPort(443), false));

        Route overTls = snapshot.table(443).match(null, "/x");
        Route plain = snapshot.table(80).match(null, "/x");
        assertThat(overTls.target().port()).isEqualTo(8443);
        assertThat(overTls.backendName()).isEqualTo("https-hp-be8443_0");
        assertThat(plain.target().port()).isEqualTo(8080);
        assertThat(plain.backendName()).isEqualTo("hp-be8080_0");
        assertThat(snapshot.table(443).describe()).containsExactly(
                "https-hp-be8443_0  dst_port 443  path_beg /x  -> hp:8443");
    }

    @Test
    void otherListenersServeNeitherEntryAsInDfp() {
        Snapshot snapshot = compile(WITH_8085, new ServiceSpec("hp", "hp", portAndHttpsPort(443), false));

        assertThat(snapshot.table(8085).match(null, "/x")).isNull();
    }

    @Test
    void undeclaredSrcHttpsPortIsOpenedAsTls() {
        Snapshot snapshot = compile(WITH_8085, new ServiceSpec("hp", "hp", portAndHttpsPort(8444), false));

        assertThat(snapshot.listeners()).contains(new ListenerSpec(8444, true, false));
        assertThat(snapshot.table(8444).match(null, "/x").target().port()).isEqualTo(8443);
    }

    @Test
    void declaredSrcHttpsPortKeepsItsDeclaration() {
        Snapshot snapshot = compile(WITH_8085, new ServiceSpec("hp", "hp", portAndHttpsPort(8085), false));

        assertThat(snapshot.listeners()).contains(new ListenerSpec(8085, false, false));
    }

    @Test
    void defaultBackendIsThePortEntryNeverTheHttpsOne() {
        Snapshot both = compile(WITH_8085, new ServiceSpec("hp", "hp", portAndHttpsPort(443), true));
        Destination onlyHttps = path(8080, "/x").build(0).httpsEntry(443, 8443, List.of());
        Snapshot httpsOnly = compile(WITH_8085, new ServiceSpec("h", "h", List.of(onlyHttps), true));

        assertThat(both.table(443).match(null, "/elsewhere").backendName()).isEqualTo("hp-be8080_0");
        assertThat(httpsOnly.table(443).match(null, "/elsewhere")).isNull();
    }

    @Test
    void routeCarriesBackendTls() {
        Destination tls = path(8443, "/x").build(0).withTls(new TlsOptions(false, BackendTls.UNVERIFIED));
        Snapshot snapshot = compile(WITH_8085, new ServiceSpec("t", "t", List.of(tls), false),
                new ServiceSpec("p", "p", List.of(path(80, "/p").build(0)), false));

        assertThat(snapshot.table(80).match(null, "/x").backendTls()).isEqualTo(BackendTls.UNVERIFIED);
        assertThat(snapshot.table(80).match(null, "/p").backendTls()).isEqualTo(BackendTls.PLAIN);
        assertThat(snapshot.table(80).describe()).contains("p-be80_0  path_beg /p  -> p:80",
                "t-be8443_0  path_beg /x  -> t:8443 ssl verify none");
    }
}
