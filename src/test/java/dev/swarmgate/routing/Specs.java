package dev.swarmgate.routing;

import dev.swarmgate.config.BalanceAlgorithm;
import dev.swarmgate.config.TcpOptions;

import dev.swarmgate.config.Destination;
import dev.swarmgate.config.DomainMatch;
import dev.swarmgate.config.GatewayConfig;
import dev.swarmgate.config.HttpRule;
import dev.swarmgate.config.ListenerSpec;
import dev.swarmgate.config.PathType;
import dev.swarmgate.config.ReqMode;
import dev.swarmgate.config.RequestCondition;
import dev.swarmgate.config.ServiceSpec;
import dev.swarmgate.config.Settings;
import dev.swarmgate.config.TcpOptions;
import dev.swarmgate.config.Timeouts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds services, destinations and settings the way the DFP parser would, with DFP's image defaults. */
final class Specs {

    static final List<ListenerSpec> DFP_DEFAULT_PORTS =
            List.of(new ListenerSpec(80, false, false), new ListenerSpec(443, true, false));

    private Specs() {
    }

    static Dest dest() {
        return new Dest();
    }

    /** {@code servicePath=<paths>&port=<port>}. */
    static Dest path(int port, String... paths) {
        return dest().port(port).paths(paths);
    }

    /** {@code serviceDomain=<domains>&port=<port>}: the parser gives domain-only destinations the path {@code /}. */
    static Dest domain(int port, String... domains) {
        return dest().port(port).paths("/").domains(domains);
    }

    static Service service(String name, Dest... destinations) {
        return new Service(name, destinations);
    }

    static Settings settings(List<ListenerSpec> defaultPorts, List<ListenerSpec> bindPorts) {
        return new Settings(0, "0.0.0.0", "0.0.0.0", 8080, defaultPorts, bindPorts, Timeouts.dfpDefaults(), ",",
                DomainMatch.PREFIX, false, Optional.empty(), Optional.empty(), List.of());
    }

    static Snapshot compile(Service... services) {
        return compile(settings(DFP_DEFAULT_PORTS, List.of()), services);
    }

    static Snapshot compile(Settings settings, Service... services) {
        Map<String, ServiceSpec> byName = new LinkedHashMap<>();
        for (Service service : services) {
            byName.put(service.name, service.build());
        }
        return Compiler.compile(GatewayConfig.of(settings, byName), 1);
    }

    /** A destination under construction; defaults are DFP's (http, path_beg, hdr_beg, any port). */
    static final class Dest {
        private ReqMode reqMode = ReqMode.HTTP;
        private List<String> paths = List.of();
        private PathType pathType = PathType.PREFIX;
        private List<String> excludes = List.of();
        private List<String> domains = List.of();
        private DomainMatch domainMatch = DomainMatch.PREFIX;
        private int srcPort;
        private int port = 80;
        private Optional<String> outboundHostname = Optional.empty();
        private Optional<Duration> timeoutServer = Optional.empty();
        private Optional<Duration> timeoutClient = Optional.empty();
        private Optional<Duration> timeoutTunnel = Optional.empty();
        private TcpOptions tcp = TcpOptions.NONE;
        private BalanceAlgorithm balance = BalanceAlgorithm.P2C;
        private List<RequestCondition> conditions = List.of();
        private List<HttpRule> rules = List.of();

        Dest reqMode(ReqMode value) { reqMode = value; return this; }
        Dest paths(String... value) { paths = List.of(value); return this; }
        Dest pathType(PathType value) { pathType = value; return this; }
        Dest excludes(String... value) { excludes = List.of(value); return this; }
        Dest domains(String... value) { domains = List.of(value); return this; }
        Dest domainMatch(DomainMatch value) { domainMatch = value; return this; }
        Dest srcPort(int value) { srcPort = value; return this; }
        Dest port(int value) { port = value; return this; }
        Dest outboundHostname(String value) { outboundHostname = Optional.of(value); return this; }
        Dest timeoutServer(Duration value) { timeoutServer = Optional.of(value); return this; }
        Dest timeoutClient(Duration value) { timeoutClient = Optional.of(value); return this; }
        Dest timeoutTunnel(Duration value) { timeoutTunnel = Optional.of(value); return this; }
        Dest tcp(TcpOptions value) { tcp = value; return this; }
        Dest balance(BalanceAlgorithm value) { balance = value; return this; }
        Dest conditions(RequestCondition... value) { conditions = List.of(value); return this; }
        Dest rules(HttpRule... value) { rules = List.of(value); return this; }

        Destination build(int index) {
            Destination defaults = new Destination(index, reqMode, paths, pathType, excludes, domains, domainMatch,
                    srcPort, port, outboundHostname, timeoutServer);
            return new Destination(index, reqMode, paths, pathType, excludes, domains, domainMatch, srcPort, port,
                    outboundHostname, timeoutServer, timeoutClient, timeoutTunnel, defaults.balance(),
                    defaults.endpoints(), defaults.healthCheck(), defaults.sendProxy())
                    .withTcp(tcp, balance, defaults.healthCheck()).with(conditions, rules);
        }
    }

    /** A service under construction: one destination is un-indexed (0), several are {@code .1}, {@code .2}, ... */
    static final class Service {
        private final String name;
        private final List<Dest> destinations;
        private String aclName;
        private boolean defaultBackend;

        private Service(String name, Dest... destinations) {
            this.name = name;
            this.aclName = name;
            this.destinations = new ArrayList<>(Arrays.asList(destinations));
        }

        Service aclName(String value) { aclName = value; return this; }
        Service defaultBackend() { defaultBackend = true; return this; }

        ServiceSpec build() {
            List<Destination> built = new ArrayList<>();
            for (int i = 0; i < destinations.size(); i++) {
                built.add(destinations.get(i).build(destinations.size() == 1 ? 0 : i + 1));
            }
            return new ServiceSpec(name, aclName, built, defaultBackend);
        }
    }
}
