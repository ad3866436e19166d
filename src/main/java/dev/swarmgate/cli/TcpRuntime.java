package dev.swarmgate.cli;

import dev.swarmgate.admin.MetricsServer;
import dev.swarmgate.admin.TcpMetrics;
import dev.swarmgate.config.DomainMatch;
import dev.swarmgate.config.GatewayConfig;
import dev.swarmgate.config.HostPort;
import dev.swarmgate.config.ServiceSpec;
import dev.swarmgate.config.Settings;
import dev.swarmgate.config.Timeouts;
import dev.swarmgate.proxy.tcp.TcpPortCounters;
import dev.swarmgate.routing.Compiler;
import dev.swarmgate.routing.TcpRoute;
import dev.swarmgate.server.Gateway;
import dev.swarmgate.upstream.Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The run of {@code swarmgate tcp} and {@code swarmgate tcp-service}: their services compiled onto the ordinary
 * {@link Gateway}, optional {@code /metrics}, the stats block on SIGUSR1 and a graceful stop on SIGTERM/SIGINT
 * (stop accepting, let tunnels finish within the grace period, exit 0).
 */
final class TcpRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TcpRuntime.class);

    /**
     * @param listenHost where the listeners bind ("0.0.0.0" for all interfaces)
     * @param connect    one backend connect attempt
     * @param metrics    where {@code /metrics} is served, if anywhere (an empty host: the listen host)
     */
    record Plan(String listenHost, List<ServiceSpec> services, Duration connect, Optional<HostPort> metrics,
                Duration grace) {
    }

    private final Plan plan;
    private final PrintStream out;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private volatile Gateway gateway;
    private MetricsServer metricsServer;

    TcpRuntime(Plan plan, PrintStream out) {
        this.plan = plan;
        this.out = out;
    }

    /** Runs until SIGTERM or SIGINT, then stops gracefully; the process exit code. */
    int run() throws InterruptedException {
        Signal.handle(new Signal("USR1"), signal -> printStats());
        Signal.handle(new Signal("TERM"), signal -> stopSignal.countDown());
        Signal.handle(new Signal("INT"), signal -> stopSignal.countDown());
        try {
            start();
        } catch (IllegalStateException e) {
            LOG.error("{}", e.getMessage());
            close();
            return 1;
        }
        stopSignal.await();
        LOG.info("stopping: no new connections, {} open one(s) get up to {} ms to finish",
                gateway.openConnections(), plan.grace().toMillis());
        Gateway stopping = gateway;
        boolean clean = stopping.shutdown(plan.grace());
        gateway = null;
        close();
        LOG.info("stopped{}", clean ? "" : " (open connections were closed at the end of the grace period)");
        return 0;
    }

    void start() throws InterruptedException {
        Timeouts timeouts = new Timeouts(plan.connect(), Duration.ofMinutes(5), Duration.ofMinutes(5),
                Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofSeconds(5), Duration.ofSeconds(15));
        Settings settings = new Settings(0, plan.listenHost(), plan.listenHost(), 0, List.of(), List.of(), timeouts,
                ",", DomainMatch.PREFIX, false, Optional.empty(), Optional.empty(), List.of());
        Map<String, ServiceSpec> services = new TreeMap<>();
        plan.services().forEach(service -> services.put(service.name(), service));
        gateway = new Gateway(Optional.empty(), plan.listenHost(), Runtime.getRuntime().availableProcessors());
        try {
            gateway.apply(Compiler.compile(GatewayConfig.of(settings, services), 1)).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("swarmgate could not start: " + cause.getMessage(), cause);
        }
        gateway.current().tcpRoutes().values().forEach(route -> LOG.info("tcp {}:{} -> {} ({}, PROXY {})",
                plan.listenHost(), route.port(), route.target(), route.target().balance().parameterName(),
                route.sendProxy().name().toLowerCase(java.util.Locale.ROOT)));
        if (plan.metrics().isPresent()) {
            HostPort at = plan.metrics().get();
            TcpMetrics metrics = new TcpMetrics(gateway);
            try {
                metricsServer = new MetricsServer(at.host().isEmpty() ? plan.listenHost() : at.host(), at.port(),
                        metrics::scrape);
            } catch (IOException e) {
                throw new IllegalStateException("cannot serve /metrics on " + at + ": " + e.getMessage(), e);
            }
            LOG.info("metrics on http://{}/metrics", at);
        }
    }

    /** The SIGUSR1 block (format in docs/tcp-commands.md), printed at once so blocks never interleave. */
    void printStats() {
        Gateway running = gateway;
        if (running != null) {
            String block = stats(running);
            synchronized (out) {
                out.print(block);
                out.flush();
            }
        }
    }

    static String stats(Gateway gateway) {
        Map<Integer, TcpPortCounters> ports = new TreeMap<>(gateway.tcp().portCounters());
        long requests = 0;
        long errors = 0;
        long tx = 0;
        long rx = 0;
        for (TcpPortCounters counters : ports.values()) {
            requests += counters.requests();
            errors += counters.errors();
            tx += counters.bytesSent();
            rx += counters.bytesReceived();
        }
        StringBuilder block = new StringBuilder("--- swarmgate stats ---\n")
                .append("requests=").append(requests).append(" errors=").append(errors)
                .append(" frontend.tx=").append(tx).append(" frontend.rx=").append(rx).append('\n');
        for (TcpRoute route : new TreeMap<>(gateway.current().tcpRoutes()).values()) {
            TcpPortCounters counters = ports.get(route.port());
            block.append("listener ").append(route.port()).append(" -> ").append(route.target())
                    .append(" requests=").append(counters == null ? 0 : counters.requests())
                    .append(" errors=").append(counters == null ? 0 : counters.errors()).append('\n');
            for (Endpoint endpoint : gateway.endpointGroup(route.target()).endpointList()) {
                block.append("backend ").append(endpoint.key())
                        .append(" active=").append(endpoint.outstanding())
                        .append(" state=").append(!endpoint.healthy() ? "unhealthy"
                                : endpoint.ejected() ? "ejected" : "healthy")
                        .append(" tx=").append(endpoint.bytesSent())
                        .append(" rx=").append(endpoint.bytesReceived()).append('\n');
            }
        }
        return block.append("--- end ---\n").toString();
    }

    @Override
    public void close() {
        if (metricsServer != null) {
            metricsServer.close();
            metricsServer = null;
        }
        if (gateway != null) {
            gateway.close();
            gateway = null;
        }
    }
}
