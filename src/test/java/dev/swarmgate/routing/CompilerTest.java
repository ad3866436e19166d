package dev.swarmgate.routing;

import dev.swarmgate.config.BackendTarget;
import dev.swarmgate.config.GatewayConfig;
import dev.swarmgate.config.ListenerSpec;
import dev.swarmgate.config.ReqMode;
import dev.swarmgate.config.ServiceSpec;
import dev.swarmgate.config.Settings;
import dev.swarmgate.config.Timeouts;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.swarmgate.routing.Specs.DFP_DEFAULT_PORTS;
import static dev.swarmgate.routing.Specs.compile;
import static dev.swarmgate.routing.Specs.dest;
import static dev.swarmgate.routing.Specs.domain;
import static dev.swarmgate.routing.Specs.path;
import static dev.swarmgate.routing.Specs.service;
import static dev.swarmgate.routing.Specs.settings;
import static org.assertj.core.api.Assertions.assertThat;

/** Listener plan, per-port tables, default backend, targets and timeouts of a compiled snapshot. */
class CompilerTest {

    @Test
    void srcPortRulesOnlyOnTheirPort() {
        Snapshot snapshot = compile(
                settings(DFP_DEFAULT_PORTS, List.of(new ListenerSpec(8080, false, false))),
                service("admin", path(9000, "/").srcPort(8080)));

        assertThat(snapshot.table(8080).match(null, "/x")).isNotNull();
        assertThat(snapshot.table(80).match(null, "/x")).isNull();
        assertThat(snapshot.table(443).match(null, "/x")).isNull();
    }

    @Test
    void listenersWithTheSameRulesShareTheirIndexAndOthersDoNot() {
        Snapshot snapshot = compile(
                settings(DFP_DEFAULT_PORTS, List.of(new ListenerSpec(8080, false, false))),
                service("demo", path(80, "/demo")), service("admin", path(9000, "/admin").srcPort(8080)));

        assertThat(snapshot.table(443).index()).isSameAs(snapshot.table(80).index());
        assertThat(snapshot.table(8080).index()).isNotSameAs(snapshot.table(80).index());
        assertThat(snapshot.table(8080).match(null, "/admin").serviceName()).isEqualTo("admin");
        assertThat(snapshot.table(80).match(null, "/admin")).isNull();
        assertThat(snapshot.table(443).match(null, "/demo").serviceName()).isEqualTo("demo");
    }

    @Test
    void rulesWithoutSrcPortApplyOnEveryListener() {
        Snapshot snapshot = compile(
                settings(DFP_DEFAULT_PORTS, List.of(new ListenerSpec(8080, false, false))),
                service("demo", path(80, "/demo")));

        for (int port : List.of(80, 443, 8080)) {
            assertThat(snapshot.table(port).match(null, "/demo")).as("port %d", port).isNotNull();
        }
    }

    @Test
    void srcPortRuleKeepsItsPlaceInRuleOrder() {
        Snapshot snapshot = compile(
                service("a", path(81, "/api").srcPort(8080)),
                service("b", path(82, "/api")));

        assertThat(snapshot.table(8080).match(null, "/api").serviceName()).isEqualTo("a");
        assertThat(snapshot.table(80).match(null, "/api").serviceName()).isEqualTo("b");
    }

    @Test
    void undeclaredSrcPortIsOpenedAutomatically() {
        Snapshot snapshot = compile(service("admin", path(9000, "/").srcPort(8080)));

        assertThat(snapshot.listeners()).containsExactly(
                new ListenerSpec(80, false, false),
                new ListenerSpec(443, true, false),
                new ListenerSpec(8080, false, false));
    }

    @Test
    void declaredPortsKeepTheirFlags() {
        Snapshot snapshot = compile(
                settings(List.of(new ListenerSpec(80, false, true)), List.of(new ListenerSpec(8443, true, true))),
                service("secure", path(9000, "/").srcPort(8443)));

        assertThat(snapshot.listeners()).containsExactly(
                new ListenerSpec(80, false, true),
                new ListenerSpec(8443, true, true));
    }

    @Test
    void listenersAreDedupedByPortAndSorted() {
        Snapshot snapshot = compile(settings(
                List.of(new ListenerSpec(443, true, false), new ListenerSpec(80, false, false)),
                List.of(new ListenerSpec(80, false, true), new ListenerSpec(81, false, false))));

        assertThat(snapshot.listeners()).containsExactly(
                new ListenerSpec(80, false, false),
                new ListenerSpec(81, false, false),
                new ListenerSpec(443, true, false));
    }

    @Test
    void defaultPortsAreBoundWithoutServices() {
        Snapshot snapshot = compile();

        assertThat(snapshot.listeners()).extracting(ListenerSpec::port).containsExactly(80, 443);
        assertThat(snapshot.table(80).match("example.com", "/")).isNull();
    }

    @Test
    void tcpDestinationGetsItsOwnTcpListenerAndNoHttpRoutes() {
        Snapshot snapshot = compile(service("redis", dest().reqMode(ReqMode.TCP).port(6379).srcPort(6379)));

        assertThat(snapshot.listeners()).containsExactly(new ListenerSpec(80, false, false),
                new ListenerSpec(443, true, false), ListenerSpec.tcp(6379));
        assertThat(snapshot.tables()).containsOnlyKeys(80, 443);
        assertThat(snapshot.table(80).routes()).isEmpty();
        assertThat(snapshot.targets()).containsExactly(new BackendTarget("redis", 6379));
        TcpRoute route = snapshot.tcpRoute(6379);
        assertThat(route.target()).isEqualTo(new BackendTarget("redis", 6379));
        assertThat(route.backendName()).isEqualTo("redis-be6379_0");
    }

    @Test
    void tcpRouteTakesTimeoutsFromTheDestinationElseFromTheSettings() {
        Snapshot snapshot = compile(
                service("a", dest().reqMode(ReqMode.TCP).port(1).srcPort(7001)),
                service("b", dest().reqMode(ReqMode.TCP).port(1).srcPort(7002)
                        .timeoutClient(Duration.ofSeconds(7)).timeoutTunnel(Duration.ofSeconds(9))));

        Timeouts defaults = Timeouts.dfpDefaults();
        assertThat(snapshot.tcpRoute(7001).connect()).isEqualTo(defaults.connect());
        assertThat(snapshot.tcpRoute(7001).timeoutClient()).isEqualTo(defaults.client());
        assertThat(snapshot.tcpRoute(7001).timeoutTunnel()).isEqualTo(defaults.tunnel());
        assertThat(snapshot.tcpRoute(7002).timeoutClient()).isEqualTo(Duration.ofSeconds(7));
        assertThat(snapshot.tcpRoute(7002).timeoutTunnel()).isEqualTo(Duration.ofSeconds(9));
    }

    @Test
    void tcpSrcPortThatIsAnHttpListenerStaysHttp() {
        Snapshot snapshot = compile(service("web", dest().reqMode(ReqMode.TCP).port(8080).srcPort(80)));

        assertThat(snapshot.tcpRoutes()).isEmpty();
        assertThat(snapshot.listeners()).extracting(ListenerSpec::port).containsExactly(80, 443);
    }

    @Test
    void firstServiceInRuleOrderKeepsACollidingTcpPort() {
        Snapshot snapshot = compile(
                service("redis2", dest().reqMode(ReqMode.TCP).port(2).srcPort(6379)),
                service("redis", dest().reqMode(ReqMode.TCP).port(1).srcPort(6379)));

        assertThat(snapshot.tcpRoute(6379).serviceName()).isEqualTo("redis");
        assertThat(snapshot.listeners()).filteredOn(l -> l.port() == 6379).hasSize(1);
    }

    @Test
    void defaultBackendCatchesUnmatched() {
        Snapshot snapshot = compile(
                service("api", path(8080, "/api")),
                service("fallback", path(80, "/fallback")).defaultBackend());

        assertThat(snapshot.table(80).match("example.com", "/nowhere").serviceName()).isEqualTo("fallback");
        assertThat(snapshot.table(80).match("example.com", "/api").serviceName()).isEqualTo("api");
    }

    @Test
    void unmatchedWithoutDefaultBackendIsNull() {
        Snapshot snapshot = compile(service("api", path(8080, "/api")));

        assertThat(snapshot.table(80).match("example.com", "/nowhere")).isNull();
        assertThat(snapshot.table(80).defaultRoute()).isNull();
    }

    @Test
    void defaultBackendIsTheFirstDestinationOfTheFirstSuchServiceInRuleOrder() {
        Snapshot snapshot = compile(
                service("a-root", path(81, "/")).defaultBackend(),
                service("b-api", path(82, "/one"), path(83, "/two")).defaultBackend());

        assertThat(snapshot.table(80).defaultRoute().backendName()).isEqualTo("b-api-be82_1");
    }

    @Test
    void defaultBackendCatchesUnmatchedOnEveryListener() {
        Snapshot snapshot = compile(service("fallback", path(80, "/fallback").srcPort(8080)).defaultBackend());

        assertThat(snapshot.table(80).match(null, "/x").serviceName()).isEqualTo("fallback");
        assertThat(snapshot.table(8080).match(null, "/x").serviceName()).isEqualTo("fallback");
    }

    @Test
    void targetIsOutboundHostnameWhenSetElseServiceName() {
        Snapshot snapshot = compile(
                service("external", path(8443, "/ext").outboundHostname("10.0.0.5")),
                service("demo", path(8080, "/demo")));

        assertThat(snapshot.table(80).match(null, "/ext").target()).isEqualTo(new BackendTarget("10.0.0.5", 8443));
        assertThat(snapshot.table(80).match(null, "/demo").target()).isEqualTo(new BackendTarget("demo", 8080));
        assertThat(snapshot.targets()).containsExactlyInAnyOrder(
                new BackendTarget("10.0.0.5", 8443), new BackendTarget("demo", 8080));
    }

    @Test
    void timeoutServerFallsBackToTheProxyWide() {
        Snapshot snapshot = compile(
                service("slow", path(80, "/slow").timeoutServer(Duration.ofSeconds(60))),
                service("quick", path(80, "/quick")));

        assertThat(snapshot.table(80).match(null, "/slow").timeoutServer()).isEqualTo(Duration.ofSeconds(60));
        assertThat(snapshot.table(80).match(null, "/quick").timeoutServer())
                .isEqualTo(Timeouts.dfpDefaults().server());
    }

    @Test
    void snapshotCarriesVersionAndTimeouts() {
        Timeouts timeouts = new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3),
                Duration.ofSeconds(4), Duration.ofSeconds(5), Duration.ofSeconds(6), Duration.ofSeconds(7));
        Settings base = settings(DFP_DEFAULT_PORTS, List.of());
        Settings settings = new Settings(0, "0.0.0.0", base.adminHost(), base.adminPort(), base.defaultPorts(), base.bindPorts(),
                timeouts, base.separator(), base.defaultDomainMatch(), base.httpsOnly(), base.stateDir(),
                base.errorPagesDir(), base.unsupported());

        Snapshot snapshot = Compiler.compile(GatewayConfig.of(settings, Map.of()), 42);

        assertThat(snapshot.version()).isEqualTo(42);
        assertThat(snapshot.timeouts()).isEqualTo(timeouts);
    }

    @Test
    void routeCarriesServiceAclAndDestinationIndex() {
        Snapshot snapshot = compile(service("go-demo", path(8080, "/a"), path(8081, "/b")).aclName("10-demo"));

        Route route = snapshot.table(80).match(null, "/b");
        assertThat(route.serviceName()).isEqualTo("go-demo");
        assertThat(route.aclName()).isEqualTo("10-demo");
        assertThat(route.destinationIndex()).isEqualTo(2);
        assertThat(route.backendName()).isEqualTo("10-demo-be8081_2");
    }

    @Test
    void describePrintsOneLinePerRuleInOrderThenTheDefault() {
        Snapshot snapshot = compile(
                service("go-demo", path(8080, "/demo").domains("example.com")),
                service("api", path(80, "/api").excludes("/api/internal").srcPort(8080)),
                service("site", domain(80, "example.org")).defaultBackend());

        assertThat(snapshot.table(8080).describe()).containsExactly(
                "api-be80_0  dst_port 8080  path_beg /api  !path_beg /api/internal  -> api:80",
                "go-demo-be8080_0  path_beg /demo  host hdr_beg example.com  -> go-demo:8080",
                "site-be80_0  path_beg /  host hdr_beg example.org  -> site:80",
                "default_backend site-be80_0  -> site:80");
        assertThat(snapshot.table(80).describe()).hasSize(3);
    }

    @Test
    void aRecompileCompilesOnlyTheChangedServicesAndServesWhatAFullCompileServes() {
        Settings settings = settings(DFP_DEFAULT_PORTS, List.of());
        ServiceSpec kept = service("kept", path(81, "/kept")).build();
        ServiceSpec fallback = service("fallback", path(82, "/fallback")).defaultBackend().build();
        ServiceSpec before = service("changed", path(83, "/old")).build();
        ServiceSpec after = service("changed", path(84, "/new"), domain(85, "example.com")).build();
        CompiledServices compiled = new CompiledServices();

        Snapshot first = Compiler.compile(GatewayConfig.of(settings,
                Map.of("kept", kept, "fallback", fallback, "changed", before)), 1, compiled);
        GatewayConfig next = GatewayConfig.of(settings, Map.of("kept", kept, "fallback", fallback, "changed", after));
        Snapshot second = Compiler.compile(next, 2, compiled);

        // The unchanged services' routes are the very objects of the first compile; the changed one is new.
        assertThat(second.table(80).match(null, "/kept")).isSameAs(first.table(80).match(null, "/kept"));
        assertThat(second.table(80).defaultRoute()).isSameAs(first.table(80).defaultRoute());
        assertThat(second.table(80).match(null, "/old").serviceName()).isEqualTo("fallback");
        assertThat(second.table(80).match(null, "/new").target().port()).isEqualTo(84);
        Snapshot full = Compiler.compile(next, 2);
        for (int port : List.of(80, 443)) {
            assertThat(second.table(port).describe()).isEqualTo(full.table(port).describe());
        }
        assertThat(second.targets()).isEqualTo(full.targets());
        assertThat(second.listeners()).isEqualTo(full.listeners());
        assertThat(first.table(80).match(null, "/old").target().port()).as("the first snapshot is untouched")
                .isEqualTo(83);
    }

    @Test
    void newSettingsCompileEveryServiceAgain() {
        ServiceSpec demo = service("demo", path(81, "/demo")).build();
        CompiledServices compiled = new CompiledServices();
        Snapshot first = Compiler.compile(GatewayConfig.of(settings(DFP_DEFAULT_PORTS, List.of()),
                Map.of("demo", demo)), 1, compiled);
        Settings otherSettings = settings(DFP_DEFAULT_PORTS, List.of());
        Snapshot second = Compiler.compile(GatewayConfig.of(otherSettings, Map.of("demo", demo)), 2, compiled);

        assertThat(second.table(80).match(null, "/demo")).isNotSameAs(first.table(80).match(null, "/demo"))
                .isEqualTo(first.table(80).match(null, "/demo"));
    }
}
