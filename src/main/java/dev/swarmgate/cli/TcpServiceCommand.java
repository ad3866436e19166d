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
import picocli.CommandLine.Command;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code swarmgate tcp-service}: djmaze/swarm-tcp-proxy's interface, configured from the environment
 * ({@code SERVICES} or {@code SERVICE_NAME}+{@code SERVICE_PORT}, {@code DISABLE_PROXY_PROTOCOL},
 * {@code CONNECTION_TIMEOUT}). A command of its own, so its {@code SERVICE_NAME} (the service to forward to) can
 * never be mistaken for Docker Flow Proxy's (the proxy's own name). Reference: docs/tcp-commands.md.
 */
@Command(name = "tcp-service", mixinStandardHelpOptions = true,
        description = "Forward TCP ports to Swarm services with a PROXY v1 header (swarm-tcp-proxy's environment: "
                + "SERVICES=\"name:port ...\" or SERVICE_NAME + SERVICE_PORT on port 8000).")
final class TcpServiceCommand implements Callable<Integer> {

    /** swarm-tcp-proxy's port for the SERVICE_NAME + SERVICE_PORT form. */
    static final int SINGLE_SERVICE_PORT = 8000;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    @Override
    public Integer call() throws InterruptedException {
        TcpRuntime.Plan plan;
        try {
            plan = plan(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("swarmgate tcp-service: " + e.getMessage());
            return ProxyCommand.BAD_SETTING;
        }
        return new TcpRuntime(plan, System.out).run();
    }

    /** @throws IllegalArgumentException naming the variable and the fix */
    static TcpRuntime.Plan plan(Map<String, String> env) {
        Map<Integer, HostPort> byListenPort = new LinkedHashMap<>();
        String services = env.getOrDefault("SERVICES", "").trim();
        String name = env.getOrDefault("SERVICE_NAME", "").trim();
        if (!services.isEmpty()) {
            for (String entry : services.split("\\s+")) {
                HostPort service = parse("SERVICES", entry);
                if (byListenPort.putIfAbsent(service.port(), service) != null) {
                    throw new IllegalArgumentException("SERVICES: port " + service.port() + " is listed twice; "
                            + "each service listens on its own port");
                }
            }
        } else if (!name.isEmpty()) {
            String port = env.getOrDefault("SERVICE_PORT", "").trim();
            if (port.isEmpty()) {
                throw new IllegalArgumentException("SERVICE_NAME is set but SERVICE_PORT is not: set the service's "
                        + "port, e.g. SERVICE_PORT=80");
            }
            int listen = port(env, "LISTEN_PORT", SINGLE_SERVICE_PORT);
            byListenPort.put(listen, parse("SERVICE_NAME/SERVICE_PORT", name + ":" + port));
        } else {
            throw new IllegalArgumentException("set SERVICES=\"name:port name2:port2\" (listens on each port) or "
                    + "SERVICE_NAME and SERVICE_PORT (listens on " + SINGLE_SERVICE_PORT + ")");
        }
        Duration timeout = duration(env, "CONNECTION_TIMEOUT", "5m");
        ProxyProtocol sendProxy = disabled(env.get("DISABLE_PROXY_PROTOCOL")) ? ProxyProtocol.NONE : ProxyProtocol.V1;
        Map<String, List<Destination>> destinations = new LinkedHashMap<>();
        byListenPort.forEach((listen, service) -> {
            List<Destination> list = destinations.computeIfAbsent(service.host(), n -> new ArrayList<>());
            list.add(new Destination(list.size(), ReqMode.TCP, List.of(), PathType.PREFIX, List.of(), List.of(),
                    DomainMatch.PREFIX, listen, service.port(), Optional.empty(), Optional.empty(),
                    Optional.of(timeout), Optional.of(timeout), BalanceAlgorithm.P2C, EndpointDiscovery.TASKS,
                    HealthCheck.defaults(), sendProxy));
        });
        List<ServiceSpec> specs = new ArrayList<>();
        destinations.forEach((service, list) -> specs.add(new ServiceSpec(service, service, list, false)));
        Optional<HostPort> metrics = env.containsKey("ADMIN_PORT") && !env.get("ADMIN_PORT").isBlank()
                ? Optional.of(new HostPort("", port(env, "ADMIN_PORT", 0))) : Optional.empty();
        String listenHost = env.getOrDefault("LISTEN_IP", "").isBlank() ? "0.0.0.0" : env.get("LISTEN_IP").trim();
        return new TcpRuntime.Plan(listenHost, specs, CONNECT_TIMEOUT, metrics,
                duration(env, "SHUTDOWN_GRACE", "10s"));
    }

    /** swarm-tcp-proxy disables on any non-empty value; "false", "0" and "no" are taken at their word here. */
    static boolean disabled(String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        return !List.of("false", "0", "no").contains(value.trim().toLowerCase(Locale.ROOT));
    }

    private static HostPort parse(String variable, String entry) {
        try {
            HostPort service = HostPort.parse(entry);
            if (service.host().isEmpty()) {
                throw new IllegalArgumentException("'" + entry + "' names no service");
            }
            return service;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(variable + ": " + e.getMessage() + " (write service:port)");
        }
    }

    private static int port(Map<String, String> env, String variable, int fallback) {
        String value = env.getOrDefault(variable, "").trim();
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(variable + " must be a port 1-65535, got '" + value + "'");
    }

    private static Duration duration(Map<String, String> env, String variable, String fallback) {
        String value = env.getOrDefault(variable, "").trim();
        try {
            return DurationText.parseHaproxy(value.isEmpty() ? fallback : value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(variable + ": " + e.getMessage());
        }
    }
}
