package dev.swarmgate.config.dfp;

import dev.swarmgate.config.BalanceAlgorithm;
import dev.swarmgate.config.Destination;
import dev.swarmgate.config.DomainMatch;
import dev.swarmgate.config.EndpointDiscovery;
import dev.swarmgate.config.HealthCheck;
import dev.swarmgate.config.InvalidServiceException;
import dev.swarmgate.config.PathType;
import dev.swarmgate.config.ProxyProtocol;
import dev.swarmgate.config.ReqMode;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/** Reads the values of one destination's parameters and turns them into a {@link Destination}. */
final class DestinationParser {

    static final int MAX_PORT = 65_535;

    private final ServiceProblem problem;
    private final String separator;

    DestinationParser(ServiceProblem problem, String separator) {
        this.problem = problem;
        this.separator = separator;
    }

    ReqMode reqMode(DestinationParameters destination) throws InvalidServiceException {
        Optional<ParameterValue> given = destination.get("reqMode");
        if (given.isEmpty()) {
            return ReqMode.HTTP;
        }
        ReqMode mode = ReqMode.parse(given.get().value());
        if (mode == null) {
            throw problem.badRequest(given.get() + " is not a request mode; use " + acceptedReqModes());
        }
        return mode;
    }

    List<String> list(DestinationParameters destination, String name) {
        return destination.get(name).map(value -> SeparatedValues.split(value.value(), separator)).orElse(List.of());
    }

    /** True when a leading {@code *} on one of the destination's domains asks for suffix matching. */
    boolean hasWildcardDomain(DestinationParameters destination) {
        return list(destination, "serviceDomain").stream().anyMatch(domain -> domain.startsWith("*"));
    }

    Destination build(DestinationParameters destination, ReqMode mode, DomainMatch domainMatch)
            throws InvalidServiceException {
        List<String> domains = domains(destination);
        List<String> paths = list(destination, "servicePath");
        if (paths.isEmpty() && !domains.isEmpty() && mode != ReqMode.SNI) {
            // DFP makes a domain-only destination a root service, which also puts it last in rule order.
            paths = List.of("/");
        }
        List<String> excludes = list(destination, "servicePathExclude");
        // In sni mode servicePath and pathType name TLS server names, read by ServerNameParameters.
        PathType pathType = mode == ReqMode.SNI ? PathType.PREFIX : pathType(destination);
        if (pathType == PathType.REGEX) {
            requireRegularExpressions(destination.nameOf("servicePath"), paths);
            requireRegularExpressions(destination.nameOf("servicePathExclude"), excludes);
        }
        int srcPort = (int) number(destination, "srcPort", 0, MAX_PORT, "a port number from 1 to 65535").orElse(0);
        boolean httpsPort = HttpsEntries.httpsPort(this, destination) > 0;
        if (srcPort == 0 && httpsPort && mode == ReqMode.HTTP) {
            // As DFP: beside an HTTPS entry, the port backend takes port 80 only.
            srcPort = HttpsEntries.DEFAULT_SRC_PORT;
        }
        // Without port, httpsPort alone serves (checked before); 0 then means "no port backend".
        int port = (int) number(destination, "port", 1, MAX_PORT, "a port number from 1 to 65535").orElse(0);
        Optional<String> outboundHostname = destination.get("outboundHostname").map(ParameterValue::value);
        Optional<Duration> timeoutServer = Optional.empty();
        OptionalLong seconds = number(destination, "timeoutServer", 1, Integer.MAX_VALUE,
                "a whole number of seconds, at least 1 (e.g. 20)");
        if (seconds.isPresent()) {
            timeoutServer = Optional.of(Duration.ofSeconds(seconds.getAsLong()));
        }
        Destination built = new Destination(destination.index(), mode, paths, pathType, excludes, domains,
                domainMatch, srcPort, port, outboundHostname, timeoutServer, seconds(destination, "timeoutClient"),
                seconds(destination, "timeoutTunnel"), BalanceAlgorithm.P2C, EndpointDiscovery.TASKS,
                HealthCheck.defaults(), ProxyProtocol.NONE);
        return withBalancing(destination, built);
    }

    /** Swarmgate's own balancing parameters ({@code balance}, {@code endpoints}, {@code healthCheck*}) on top. */
    private Destination withBalancing(DestinationParameters destination, Destination built)
            throws InvalidServiceException {
        BalanceAlgorithm balance = built.balance();
        Optional<ParameterValue> givenBalance = destination.get("balance");
        if (givenBalance.isPresent()) {
            balance = BalanceAlgorithm.parse(givenBalance.get().value());
            if (balance == null) {
                throw problem.badRequest(givenBalance.get() + " is not a balancing algorithm; use one of "
                        + Arrays.stream(BalanceAlgorithm.values()).map(BalanceAlgorithm::parameterName)
                        .collect(Collectors.joining(", ")));
            }
        }
        EndpointDiscovery endpoints = built.endpoints();
        Optional<ParameterValue> givenEndpoints = destination.get("endpoints");
        if (givenEndpoints.isPresent()) {
            endpoints = switch (givenEndpoints.get().value().trim().toLowerCase(java.util.Locale.ROOT)) {
                case "tasks" -> EndpointDiscovery.TASKS;
                case "vip" -> EndpointDiscovery.VIP;
                default -> throw problem.badRequest(givenEndpoints.get()
                        + " is not an endpoint discovery; use tasks or vip");
            };
        }
        HealthCheck defaults = built.healthCheck();
        boolean enabled = FlagValue.of(destination.get("healthCheck"), defaults.enabled(), problem);
        Optional<String> path = destination.get("healthCheckPath").map(ParameterValue::value);
        if (path.isPresent() && !path.get().startsWith("/")) {
            throw problem.badRequest(destination.nameOf("healthCheckPath") + "=" + path.get()
                    + " is not a path; it must start with / (e.g. /health)");
        }
        String seconds = "a whole number of seconds from 1 to 3600 (e.g. 5)";
        Duration interval = number(destination, "healthCheckInterval", 1, 3600, seconds).stream()
                .mapToObj(Duration::ofSeconds).findFirst().orElse(defaults.interval());
        Duration timeout = number(destination, "healthCheckTimeout", 1, 3600, seconds).stream()
                .mapToObj(Duration::ofSeconds).findFirst().orElse(defaults.timeout());
        int rise = (int) number(destination, "healthCheckRise", 1, 100, "a whole number from 1 to 100")
                .orElse(defaults.rise());
        int fall = (int) number(destination, "healthCheckFall", 1, 100, "a whole number from 1 to 100")
                .orElse(defaults.fall());
        HealthCheck asked = new HealthCheck(enabled, path, interval, timeout, rise, fall);
        // The defaults' own object when nothing else was asked: it compares at once (HealthCheck.defaults()).
        HealthCheck healthCheck = asked.equals(defaults) ? defaults : asked;
        return new Destination(built.index(), built.reqMode(), built.paths(), built.pathType(), built.pathExcludes(),
                built.domains(), built.domainMatch(), built.srcPort(), built.port(), built.outboundHostname(),
                built.timeoutServer(), built.timeoutClient(), built.timeoutTunnel(), balance, endpoints, healthCheck,
                sendProxy(destination));
    }

    /** A timeout given in whole seconds (DFP's unit), empty when absent; a malformed value is a 400. */
    private Optional<Duration> seconds(DestinationParameters destination, String name) throws InvalidServiceException {
        OptionalLong seconds = number(destination, name, 1, Integer.MAX_VALUE,
                "a whole number of seconds, at least 1 (e.g. 20)");
        return seconds.isPresent() ? Optional.of(Duration.ofSeconds(seconds.getAsLong())) : Optional.empty();
    }

    /** The number in {@code name}, empty when the parameter is absent; a malformed value is a 400. */
    OptionalLong number(DestinationParameters destination, String name, long min, long max, String expected)
            throws InvalidServiceException {
        Optional<ParameterValue> given = destination.get(name);
        if (given.isEmpty()) {
            return OptionalLong.empty();
        }
        OptionalLong value = WholeNumber.parse(given.get().value(), min, max);
        if (value.isEmpty()) {
            throw problem.badRequest(given.get() + " is not valid; " + given.get().name() + " must be " + expected);
        }
        return value;
    }

    private List<String> domains(DestinationParameters destination) throws InvalidServiceException {
        List<String> domains = list(destination, "serviceDomain").stream()
                .map(domain -> domain.startsWith("*") ? domain.substring(1) : domain)
                .toList();
        if (domains.contains("")) {
            throw problem.badRequest(destination.nameOf("serviceDomain") + " contains a bare *, which names no host;"
                    + " write *.example.com for every subdomain of example.com");
        }
        return domains;
    }

    /** {@code sendProxy=v1|v2|none} (any case): the PROXY header sent on each new backend connection. */
    private ProxyProtocol sendProxy(DestinationParameters destination) throws InvalidServiceException {
        Optional<ParameterValue> given = destination.get("sendProxy");
        if (given.isEmpty()) {
            return ProxyProtocol.NONE;
        }
        return switch (given.get().value().strip().toLowerCase(java.util.Locale.ROOT)) {
            case "v1" -> ProxyProtocol.V1;
            case "v2" -> ProxyProtocol.V2;
            case "none" -> ProxyProtocol.NONE;
            default -> throw problem.badRequest(given.get() + " is not a PROXY protocol version; use one of v1, v2,"
                    + " none");
        };
    }

    private PathType pathType(DestinationParameters destination) throws InvalidServiceException {
        Optional<ParameterValue> given = destination.get("pathType");
        if (given.isEmpty()) {
            return PathType.PREFIX;
        }
        PathType type = PathType.fromDfpName(given.get().value());
        if (type == null) {
            throw problem.badRequest(given.get() + " is not supported; use one of " + Arrays.stream(PathType.values())
                    .map(PathType::dfpName).collect(Collectors.joining(", ")));
        }
        return type;
    }

    private void requireRegularExpressions(String name, List<String> patterns) throws InvalidServiceException {
        for (String pattern : patterns) {
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw problem.badRequest(name + "=" + pattern
                        + " is not a valid regular expression for pathType=path_reg ("
                        + e.getDescription() + " near index " + e.getIndex() + "); fix the expression or use another"
                        + " pathType");
            }
        }
    }

    private static String acceptedReqModes() {
        return Arrays.stream(ReqMode.values()).map(ReqMode::dfpName).collect(Collectors.joining(", "));
    }
}
