package dev.swarmgate.cli;

import dev.swarmgate.config.BalanceAlgorithm;
import dev.swarmgate.config.Destination;
import dev.swarmgate.config.DomainMatch;
import dev.swarmgate.config.DurationText;
import dev.swarmgate.config.EndpointDiscovery;
import dev.swarmgate.config.HealthCheck;
import dev.swarmgate.config.HostPort;
import dev.swarmgate.config.PathType;
import dev.swarmgate.config.ProxyProtocol;
import dev.swarmgate.config.ReqMode;
import dev.swarmgate.config.ServiceSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code swarmgate tcp}: jmuia/tcp-proxy's command line ({@code -laddr}, {@code -lb}, {@code -timeout},
 * {@code BACKEND...}) on the ordinary gateway: one listener, static backends, health checks, counters on SIGUSR1,
 * graceful stop on SIGTERM/SIGINT. Reference: docs/tcp-commands.md.
 */
@Command(name = "tcp", mixinStandardHelpOptions = true, sortOptions = false,
        description = "A TCP proxy and load balancer in front of static backends (tcp-proxy's command line). "
                + "SIGUSR1 prints the counters; SIGTERM/SIGINT stop accepting and let connections finish.")
final class TcpCommand implements Callable<Integer> {

    @Option(names = {"-laddr", "--laddr"}, defaultValue = ":4000", converter = HostPortConverter.class,
            description = "address to listen on, host:port (default ${DEFAULT-VALUE}: every interface)")
    HostPort listen;

    @Option(names = {"-lb", "--lb"}, defaultValue = "P2C", converter = BalanceConverter.class,
            description = "load balancer algorithm, case-insensitive: RANDOM|P2C|ROUNDROBIN|LEASTCONN|SOURCE "
                    + "(default ${DEFAULT-VALUE})")
    BalanceAlgorithm balance;

    @Option(names = {"-timeout", "--timeout"}, defaultValue = "3s", converter = GoDurationConverter.class,
            description = "backend dial timeout, a Go duration (default ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = {"-health-check", "--health-check"}, arity = "0..1", defaultValue = "true",
            fallbackValue = "true", description = "active TCP health checks, true|false (default ${DEFAULT-VALUE})")
    boolean healthCheck;

    @Option(names = {"-health-interval", "--health-interval"}, defaultValue = "5s",
            converter = GoDurationConverter.class, description = "time between two checks of a backend "
            + "(default ${DEFAULT-VALUE})")
    Duration healthInterval;

    @Option(names = {"-health-timeout", "--health-timeout"}, defaultValue = "1s",
            converter = GoDurationConverter.class, description = "how long one check may take (default ${DEFAULT-VALUE})")
    Duration healthTimeout;

    @Option(names = {"-rise", "--rise"}, defaultValue = "3",
            description = "consecutive good checks that make a backend healthy (default ${DEFAULT-VALUE})")
    int rise;

    @Option(names = {"-fall", "--fall"}, defaultValue = "3",
            description = "consecutive failed checks that make a backend unhealthy (default ${DEFAULT-VALUE})")
    int fall;

    @Option(names = {"-idle-timeout", "--idle-timeout"}, defaultValue = "0", converter = GoDurationConverter.class,
            description = "close a tunnel silent in both directions for this long; 0 = never (default)")
    Duration idleTimeout;

    @Option(names = {"-grace", "--grace"}, defaultValue = "10s", converter = GoDurationConverter.class,
            description = "on SIGTERM/SIGINT, how long open connections may finish (default ${DEFAULT-VALUE})")
    Duration grace;

    @Option(names = {"-admin", "--admin"}, converter = HostPortConverter.class,
            description = "serve Prometheus metrics at http://<host:port>/metrics (e.g. :9100); off by default")
    Optional<HostPort> admin;

    @Parameters(arity = "1..*", paramLabel = "BACKEND", converter = HostPortConverter.class,
            description = "backend host:port, one or more")
    List<HostPort> backends;

    /** Closing an idle tunnel "never" is a timer far beyond any process's life (still a valid schedule delay). */
    static final Duration NEVER = Duration.ofDays(3650);

    @Override
    public Integer call() throws InterruptedException {
        String host = listen.host().isEmpty() ? "0.0.0.0" : listen.host();
        return new TcpRuntime(new TcpRuntime.Plan(host, List.of(service()), timeout, admin, grace), System.out).run();
    }

    /** The whole command line as one reqMode=tcp service with one destination whose target is the backend list. */
    ServiceSpec service() {
        if (rise < 1 || fall < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "-rise and -fall must be 1 or more");
        }
        Duration idle = idleTimeout.isZero() ? NEVER : idleTimeout;
        String list = backends.stream().map(HostPort::toString).collect(Collectors.joining(","));
        HealthCheck health = new HealthCheck(healthCheck, Optional.empty(), healthInterval, healthTimeout, rise, fall);
        Destination destination = new Destination(0, ReqMode.TCP, List.of(), PathType.PREFIX, List.of(), List.of(),
                DomainMatch.PREFIX, listen.port(), 0, Optional.of(list), Optional.empty(), Optional.of(idle),
                Optional.of(idle), balance, EndpointDiscovery.STATIC, health, ProxyProtocol.NONE);
        return new ServiceSpec("tcp", "tcp", List.of(destination), false);
    }

    static final class HostPortConverter implements CommandLine.ITypeConverter<HostPort> {
        @Override
        public HostPort convert(String value) {
            try {
                return HostPort.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class GoDurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return DurationText.parseGo(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class BalanceConverter implements CommandLine.ITypeConverter<BalanceAlgorithm> {
        @Override
        public BalanceAlgorithm convert(String value) {
            BalanceAlgorithm algorithm = BalanceAlgorithm.parse(value);
            if (algorithm == null) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a load balancer algorithm; "
                        + "use one of RANDOM, P2C, ROUNDROBIN, LEASTCONN, SOURCE (case-insensitive)");
            }
            return algorithm;
        }
    }
}
