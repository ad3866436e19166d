package dev.swarmgate.config.dfp;

import dev.swarmgate.config.CertificateCheck;
import dev.swarmgate.config.CertificateFile;
import dev.swarmgate.config.Destination;
import dev.swarmgate.config.DomainMatch;
import dev.swarmgate.config.InstanceFilter;
import dev.swarmgate.config.InvalidServiceException;
import dev.swarmgate.config.ReqMode;
import dev.swarmgate.config.ServiceSpec;
import dev.swarmgate.config.Settings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Docker Flow Proxy's reconfigure parameters (dfp-compat §2) to a {@link ServiceRequest}. The same parser serves the
 * HTTP API, listener notifications and {@code DFP_SERVICE_*} variables, so all three accept exactly the same input.
 * Checks run in DFP's order (serviceName, then the request mode's needs, then port) so clients see DFP's statuses.
 */
public final class ServiceParameters {

    private static final String STICKY_SERVER = "sticky-server";
    private static final long MAX_CONNECTIONS = 10_000_000;

    private final Settings settings;
    private final CertificateCheck certificates;

    /** A parser that takes every {@code serviceCert} as text ({@link CertificateCheck#NONE}). */
    public ServiceParameters(Settings settings) {
        this(settings, CertificateCheck.NONE);
    }

    /** @param certificates decides whether a {@code serviceCert} can serve; a service with one that cannot is a 400 */
    public ServiceParameters(Settings settings, CertificateCheck certificates) {
        this.settings = settings;
        this.certificates = certificates;
    }

    public ServiceRequest parse(Map<String, List<String>> parameters) throws InvalidServiceException {
        ParameterView view = new ParameterView(parameters);
        String serviceName = view.service("serviceName").orElseThrow(() -> new InvalidServiceException(400,
                "serviceName parameter is mandatory: add serviceName=<the Swarm service name> to the request"));
        ServiceName.requirePrintable(serviceName);
        ServiceProblem problem = new ServiceProblem(serviceName);
        DestinationParser parser = new DestinationParser(problem, settings.separator());
        List<DestinationParameters> destinations = IndexedDestinations.of(view);

        List<ReqMode> modes = new ArrayList<>();
        for (DestinationParameters destination : destinations) {
            modes.add(parser.reqMode(destination));
        }
        requirePathOrDomain(destinations, modes, parser, problem);
        requireTcpPorts(destinations, modes, problem);
        requirePort(destinations, problem);
        boolean distribute = distribute(view, problem);
        // shortName is read from the labels before parsing (it picks the name); a value that is not a flag there
        // was taken as false, so it is refused here rather than leaving the long name in place silently.
        FlagValue.service(view, "shortName", problem);

        Map<String, List<String>> kept = copyOf(parameters);
        Optional<String> filteredOut = filteredOut(view);
        if (filteredOut.isPresent()) {
            // As DFP: checked after the basic validation, before anything else (replicas=0 included).
            return new ServiceRequest(serviceName, Optional.empty(), distribute, List.of(), kept, filteredOut);
        }
        OptionalLong replicas = replicas(view, problem);
        if (replicas.isPresent() && replicas.getAsLong() == 0) {
            // Scaled to zero: DFP removes the route, and removing is safe whatever else the request asks for.
            return new ServiceRequest(serviceName, Optional.empty(), distribute, List.of(), kept);
        }

        DomainMatch domainMatch = domainMatch(view, destinations, parser, problem);
        RuleContext rules = new RuleContext(serviceName, view, settings, problem);
        TcpParameters tcp = new TcpParameters(problem);
        HttpsEntries https = new HttpsEntries(parser, problem);
        TransparentParameters transparent = new TransparentParameters(settings.transparent(), problem);
        List<Destination> built = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i < destinations.size(); i++) {
            Destination destination = parser.build(destinations.get(i), modes.get(i), domainMatch);
            destination = tcp.apply(destinations.get(i), destination);
            destination = transparent.apply(destinations.get(i), destination);
            destination = RuleTranslators.apply(rules, destinations.get(i), destination);
            built.addAll(https.expand(destinations.get(i), destination));
            warnings.addAll(ClientCertificateTranslator.warnings(settings, destinations.get(i), destination));
        }
        rejectSharedTcpPorts(built, problem);
        rejectAdminPort(built, problem);
        String aclName = view.service("aclName").orElse(serviceName);
        ServiceName.requirePrintable("aclName", aclName, "aclName orders the service's rules and is printable text,"
                + " e.g. aclName=00-api");
        boolean defaultBackend = FlagValue.service(view, "isDefaultBackend", problem);
        ServiceSpec spec = new ServiceSpec(serviceName, aclName, built, defaultBackend, stickySessions(view, problem),
                maxConnections(view, problem), serviceCertificate(view, destinations, parser, serviceName, problem));
        List<String> unsupported = new ArrayList<>(ignored(view, problem));
        unsupported.addAll(sniDomains(destinations, modes, parser));
        unsupported.addAll(warnings);
        return new ServiceRequest(serviceName, Optional.of(spec), distribute, unsupported, kept);
    }

    /**
     * {@code FILTER_PROXY_INSTANCE_NAME=true}: a service whose {@code proxyInstanceName} is not this proxy's
     * {@code PROXY_INSTANCE_NAME} (case-insensitively; absent counts as empty) belongs to another proxy instance.
     */
    private Optional<String> filteredOut(ParameterView view) {
        InstanceFilter filter = settings.replicaSync().instanceFilter();
        Optional<String> instance = view.service("proxyInstanceName");
        if (filter.applies(instance)) {
            return Optional.empty();
        }
        return Optional.of((instance.isEmpty() ? "proxyInstanceName is not set"
                : "proxyInstanceName=" + instance.get() + " is not this proxy's") + " (PROXY_INSTANCE_NAME="
                + filter.instanceName() + ", FILTER_PROXY_INSTANCE_NAME=true), so this proxy leaves the service"
                + " unchanged");
    }

    private static void requirePathOrDomain(List<DestinationParameters> destinations, List<ReqMode> modes,
                                            DestinationParser parser, ServiceProblem problem)
            throws InvalidServiceException {
        for (int i = 0; i < destinations.size(); i++) {
            DestinationParameters destination = destinations.get(i);
            if (modes.get(i) == ReqMode.HTTP && parser.list(destination, "servicePath").isEmpty()
                    && parser.list(destination, "serviceDomain").isEmpty()) {
                throw problem.conflict("reqMode=http needs " + destination.nameOf("servicePath") + " or "
                        + destination.nameOf("serviceDomain") + " (got neither); add the path prefix or the host"
                        + " name requests for this service arrive with");
            }
        }
    }

    private static void requireTcpPorts(List<DestinationParameters> destinations, List<ReqMode> modes,
                                        ServiceProblem problem) throws InvalidServiceException {
        for (int i = 0; i < destinations.size(); i++) {
            DestinationParameters destination = destinations.get(i);
            if (modes.get(i) == ReqMode.HTTP) {
                continue;
            }
            boolean srcPort = destination.get("srcPort").filter(value -> !value.value().equals("0")).isPresent();
            boolean port = destination.get("port").isPresent();
            if (!srcPort || !port) {
                String missing = !srcPort && !port ? "both" : !srcPort ? destination.nameOf("srcPort")
                        : destination.nameOf("port");
                throw problem.badRequest("reqMode=" + modes.get(i).dfpName() + " needs " + destination.nameOf("srcPort")
                        + " (the port clients connect to) and " + destination.nameOf("port")
                        + " (the service's port); missing " + missing);
            }
        }
    }

    private static void requirePort(List<DestinationParameters> destinations, ServiceProblem problem)
            throws InvalidServiceException {
        for (DestinationParameters destination : destinations) {
            // httpsPort=0 is DFP's zero value, "no HTTPS backend": it does not stand in for a port.
            boolean httpsPort = destination.get("httpsPort").filter(given -> !given.value().strip().matches("0+"))
                    .isPresent();
            if (destination.get("port").isEmpty() && !httpsPort) {
                throw problem.badRequest(destination.nameOf("port") + " is mandatory (or "
                        + destination.nameOf("httpsPort") + " for a service reached over HTTPS only); add "
                        + destination.nameOf("port") + "=<the port the service listens on>, e.g. "
                        + destination.nameOf("port") + "=8080");
            }
        }
    }

    private static OptionalLong replicas(ParameterView view, ServiceProblem problem) throws InvalidServiceException {
        Optional<String> given = view.service("replicas");
        if (given.isEmpty()) {
            return OptionalLong.empty();
        }
        OptionalLong replicas = WholeNumber.parse(given.get(), 0, Integer.MAX_VALUE);
        if (replicas.isEmpty()) {
            throw problem.badRequest("replicas=" + given.get() + " is not valid; replicas must be a whole number"
                    + " (0 removes the service)");
        }
        return replicas;
    }

    /**
     * One port cannot both relay raw TCP and serve HTTP, nor relay two TCP destinations of the same service unless
     * both are in the same serviceGroup (then they are one pool). A reqMode=sni port is shared by sni destinations
     * only: each takes its own server names, and a plain tcp or HTTP destination there could not be told apart.
     */
    private static void rejectSharedTcpPorts(List<Destination> built, ServiceProblem problem)
            throws InvalidServiceException {
        for (Destination tcp : built) {
            if (tcp.reqMode() == ReqMode.HTTP) {
                continue;
            }
            for (Destination other : built) {
                if (other == tcp || other.srcPort() != tcp.srcPort()) {
                    continue;
                }
                if (tcp.reqMode() == ReqMode.TCP
                        && !(other.reqMode() == ReqMode.TCP && other.tcp().sharesPortWith(tcp.tcp()))) {
                    throw problem.badRequest(srcPortName(other) + "=" + other.srcPort() + " (reqMode="
                            + other.reqMode().dfpName() + ") is also " + srcPortName(tcp) + " of a reqMode=tcp"
                            + " destination; a tcp srcPort is relayed as raw bytes to one backend, so give each"
                            + " destination its own srcPort");
                }
                if (tcp.reqMode() == ReqMode.SNI && other.reqMode() != ReqMode.SNI) {
                    throw problem.badRequest(srcPortName(other) + "=" + other.srcPort() + " (reqMode="
                            + other.reqMode().dfpName() + ") is also " + srcPortName(tcp) + " of a reqMode=sni"
                            + " destination; an sni srcPort passes TLS through by server name and can be shared"
                            + " with other reqMode=sni destinations only, so give this destination another srcPort");
                }
            }
        }
    }

    /**
     * The admin API's port is the proxy's own: a listener bound there first would keep the admin API from starting
     * (and a persisted one would stop every later start). 0 means the admin port is picked at bind time (tests).
     */
    private void rejectAdminPort(List<Destination> built, ServiceProblem problem) throws InvalidServiceException {
        for (Destination destination : built) {
            if (destination.srcPort() != 0 && destination.srcPort() == settings.adminPort()) {
                throw problem.badRequest(srcPortName(destination) + " " + destination.srcPort()
                        + " is the admin API's port (PORT); choose another");
            }
        }
    }

    private static String srcPortName(Destination destination) {
        return destination.index() == 0 ? "srcPort" : "srcPort." + destination.index();
    }

    private DomainMatch domainMatch(ParameterView view, List<DestinationParameters> destinations,
                                    DestinationParser parser, ServiceProblem problem)
            throws InvalidServiceException {
        DomainMatch match = settings.defaultDomainMatch();
        Optional<String> algo = view.service("serviceDomainAlgo");
        if (algo.isPresent()) {
            match = DomainMatch.fromDfpName(algo.get());
            if (match == null && algo.get().strip().toLowerCase(java.util.Locale.ROOT).matches("req[._]ssl_sni")) {
                // DFP's tcp frontend had no inspect-delay, so this ACL only matched when the ClientHello happened
                // to be read with the connection; reqMode=sni is the form that waits for it.
                throw problem.badRequest("serviceDomainAlgo=" + algo.get() + " is not supported; to route TLS"
                        + " connections by server name use reqMode=sni with the names in servicePath (e.g."
                        + " reqMode=sni&servicePath=api.example.com&srcPort=443&port=443)");
            }
            if (match == null) {
                throw problem.badRequest("serviceDomainAlgo=" + algo.get() + " is not supported; use one of"
                        + " hdr(host), hdr_beg(host), hdr_dom(host), hdr_end(host)");
            }
        } else if (FlagValue.service(view, "serviceDomainMatchAll", problem)) {
            match = DomainMatch.DOMAIN;
        }
        // A leading * on any domain switches the whole service to suffix matching, as DFP does.
        if (destinations.stream().anyMatch(parser::hasWildcardDomain)) {
            match = DomainMatch.SUFFIX;
        }
        return match;
    }

    /**
     * {@code sessionType}: DFP knows one value, {@code sticky-server}; empty means none. Anything else would be a typo
     * that silently spreads a client's requests, so it is refused.
     */
    private static boolean stickySessions(ParameterView view, ServiceProblem problem) throws InvalidServiceException {
        Optional<String> given = view.service("sessionType");
        if (given.isEmpty() || given.get().isBlank()) {
            return false;
        }
        if (given.get().strip().equalsIgnoreCase(STICKY_SERVER)) {
            return true;
        }
        throw problem.badRequest("sessionType=" + given.get() + " is not supported; use sessionType=" + STICKY_SERVER
                + " (a cookie keeps each client on the replica that served it) or leave sessionType out");
    }

    /**
     * {@code serviceCert} (dfp-compat §1.3 step 3): a combined PEM whose newlines may be written as a literal
     * {@code \n} (labels cannot hold newlines), stored under the first serviceDomain of the first destination, else
     * under the service name. Empty means none, as in DFP. The PEM is never quoted in a message: it holds a key.
     */
    private Optional<CertificateFile> serviceCertificate(ParameterView view, List<DestinationParameters> destinations,
                                                         DestinationParser parser, String serviceName,
                                                         ServiceProblem problem) throws InvalidServiceException {
        Optional<String> given = view.service("serviceCert");
        if (given.isEmpty() || given.get().isBlank()) {
            return Optional.empty();
        }
        List<String> domains = destinations.isEmpty() ? List.of() : parser.list(destinations.getFirst(), "serviceDomain");
        String name = domains.isEmpty() ? serviceName : domains.getFirst();
        Optional<String> badName = CertificateFile.problemWithName(name);
        if (badName.isPresent()) {
            throw problem.badRequest("serviceCert is stored under the first serviceDomain (else the serviceName), "
                    + name + ", which cannot name a certificate file: " + badName.get());
        }
        CertificateFile file = new CertificateFile(name, given.get().replace("\\n", "\n"));
        Optional<String> invalid = certificates.problem(file);
        if (invalid.isPresent()) {
            throw problem.badRequest("serviceCert is not a certificate the proxy can serve: " + invalid.get()
                    + ". Give the combined PEM (certificate, key, chain), with newlines written as \\n in labels");
        }
        return Optional.of(file);
    }

    /**
     * {@code maxConn} (Swarmgate's own, named after HAProxy's server {@code maxconn}): requests and TCP connections
     * in flight to the service at once; over it, HTTP gets a 503 and TCP a closed connection. 0 or absent: no limit.
     */
    private static int maxConnections(ParameterView view, ServiceProblem problem) throws InvalidServiceException {
        Optional<String> given = view.service("maxConn");
        if (given.isEmpty() || given.get().isBlank()) {
            return 0;
        }
        OptionalLong max = WholeNumber.parse(given.get().strip(), 0, MAX_CONNECTIONS);
        if (max.isEmpty()) {
            throw problem.badRequest("maxConn=" + given.get() + " is not valid; maxConn must be a whole number from 0"
                    + " (no limit) to " + MAX_CONNECTIONS + ": the requests and TCP connections the service may have"
                    + " in flight at once, e.g. maxConn=100");
        }
        return (int) max.getAsLong();
    }

    private static boolean distribute(ParameterView view, ServiceProblem problem) throws InvalidServiceException {
        return FlagValue.service(view, "distribute", problem);
    }

    private static List<String> ignored(ParameterView view, ServiceProblem problem) throws InvalidServiceException {
        List<String> reports = new ArrayList<>();
        for (IgnoredParameter parameter : IgnoredParameter.values()) {
            reports.addAll(parameter.reportsFor(view, problem));
        }
        return reports;
    }

    /**
     * DFP's sni frontend never used serviceDomain (the server name is matched with servicePath and pathType), so an
     * sni destination's serviceDomain is reported as ignored rather than silently dropped.
     */
    private static List<String> sniDomains(List<DestinationParameters> destinations, List<ReqMode> modes,
                                           DestinationParser parser) {
        List<String> reports = new ArrayList<>();
        for (int i = 0; i < destinations.size(); i++) {
            DestinationParameters destination = destinations.get(i);
            if (modes.get(i) == ReqMode.SNI && !parser.list(destination, "serviceDomain").isEmpty()) {
                reports.add(destination.nameOf("serviceDomain") + " is not used by reqMode=sni, which picks the"
                        + " service by the TLS server name in " + destination.nameOf("servicePath") + " (with"
                        + " pathType), so it is ignored");
            }
        }
        return reports;
    }

    private static Map<String, List<String>> copyOf(Map<String, List<String>> parameters) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        parameters.forEach((name, values) -> {
            if (name != null && values != null) {
                copy.put(name, values.stream().map(value -> value == null ? "" : value).toList());
            }
        });
        return copy;
    }
}
