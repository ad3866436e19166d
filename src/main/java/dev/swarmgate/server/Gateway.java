package dev.swarmgate.server;

import dev.swarmgate.config.BackendTarget;
import dev.swarmgate.config.ListenerProtocol;
import dev.swarmgate.config.ListenerSpec;
import dev.swarmgate.config.TlsSettings;
import dev.swarmgate.config.TrustedNetworks;
import dev.swarmgate.observe.AccessLog;
import dev.swarmgate.observe.TrafficMeters;
import dev.swarmgate.proxy.http.ErrorPages;
import dev.swarmgate.proxy.http.HttpProxyContext;
import dev.swarmgate.proxy.http.StatsPage;
import dev.swarmgate.proxy.tcp.TcpProxyContext;
import dev.swarmgate.proxy.tls.CertificateSet;
import dev.swarmgate.proxy.tls.TlsTermination;
import dev.swarmgate.proxyprotocol.ProxyHeaderCounters;
import dev.swarmgate.routing.Snapshot;
import dev.swarmgate.upstream.AddressResolver;
import dev.swarmgate.upstream.EndpointGroup;
import dev.swarmgate.upstream.EndpointGroups;
import dev.swarmgate.upstream.SystemDnsResolver;
import dev.swarmgate.upstream.Transport;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The data-plane runtime: event loops, the listeners bound from the current snapshot, and the snapshot itself.
 * Applying a snapshot swaps one reference (requests already under way keep the one they started with), binds
 * ports that appear and drains ports that disappear.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    static final Duration ENDPOINT_REFRESH = EndpointGroups.REFRESH_INTERVAL;

    private final Transport transport;
    private final MultiThreadIoEventLoopGroup workers;
    /** The resolver this gateway made and so closes; null when the caller gave one. */
    private final SystemDnsResolver ownResolver;
    private final EndpointGroups endpointGroups;
    private final AtomicReference<Snapshot> current = new AtomicReference<>();
    private final HttpProxyContext httpContext;
    private final TcpProxyContext tcpContext;
    private volatile TlsTermination tls = new TlsTermination(TlsSettings.DEFAULTS);
    private final Map<Integer, Listener> listeners = new HashMap<>();
    /**
     * Per port given up, its sockets' close: a later bind of the port waits for it (a port can come back in the next
     * change; on io_uring a socket is closed after its loop has heard back from the kernel, not at once).
     */
    private final Map<Integer, CompletableFuture<Void>> releasing = new HashMap<>();
    /** Sockets taken over from the process this one replaces, served instead of binding their ports. */
    private InheritedSockets inherited = InheritedSockets.none();
    private final String bindHost;
    private final TrustedNetworks proxyTrusted;
    private final ProxyHeaderCounters proxyHeaderCounters = new ProxyHeaderCounters();
    private final TrafficMeters traffic = new TrafficMeters();
    /** Connections accepted per listener port, kept across rebinds of the port. */
    private final ConcurrentHashMap<Integer, LongAdder> accepted = new ConcurrentHashMap<>();
    /** Measured when the gateway is made, so the descriptors the JVM already holds are left out of the budget. */
    private final ConnectionCap connectionCap = ConnectionCap.fromLimits(
            () -> current.get().limits().maxConnections());

    public Gateway(Optional<Path> errorPagesDir) {
        this(errorPagesDir, "0.0.0.0", Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param bindHost the address every listener binds (tests use 127.0.0.1)
     * @param threads  event loop threads serving connections
     */
    public Gateway(Optional<Path> errorPagesDir, String bindHost, int threads) {
        this(errorPagesDir, bindHost, threads, TrustedNetworks.EVERYONE);
    }

    /** @param proxyTrusted peers allowed to send a PROXY header to accept-proxy listeners */
    public Gateway(Optional<Path> errorPagesDir, String bindHost, int threads, TrustedNetworks proxyTrusted) {
        this(errorPagesDir, bindHost, threads, proxyTrusted, new SystemDnsResolver(), true, Transport.best());
    }

    /**
     * A gateway that turns backend names into addresses with {@code resolver} instead of the system resolver: for
     * embedding and for tests that need one name to stand for several local backends. The caller closes the resolver.
     */
    public Gateway(Optional<Path> errorPagesDir, String bindHost, int threads, TrustedNetworks proxyTrusted,
                   AddressResolver resolver) {
        this(errorPagesDir, bindHost, threads, proxyTrusted, resolver, false, Transport.best());
    }

    /** The same, its connections served by {@code transport}'s event loops (epoll or NIO otherwise). */
    public Gateway(Optional<Path> errorPagesDir, String bindHost, int threads, TrustedNetworks proxyTrusted,
                   AddressResolver resolver, Transport transport) {
        this(errorPagesDir, bindHost, threads, proxyTrusted, resolver, false, transport);
    }

    private Gateway(Optional<Path> errorPagesDir, String bindHost, int threads, TrustedNetworks proxyTrusted,
                    AddressResolver resolver, boolean ownsResolver, Transport transport) {
        this.transport = transport;
        this.ownResolver = ownsResolver ? (SystemDnsResolver) resolver : null;
        this.endpointGroups = new EndpointGroups(resolver, ENDPOINT_REFRESH);
        this.bindHost = bindHost;
        this.proxyTrusted = proxyTrusted;
        this.workers = new MultiThreadIoEventLoopGroup(threads, transport.ioHandlerFactory());
        this.httpContext = new HttpProxyContext(current::get, endpointGroups, new ErrorPages(errorPagesDir),
                transport, traffic);
        this.tcpContext = new TcpProxyContext(current::get, endpointGroups, transport);
        LOG.info("data plane: {} transport, {} event loop threads, {}", transport.name(), threads,
                connectionCap.describe());
    }

    /** Serves the stats page ahead of routing on every HTTP listener ({@link StatsPage#OFF}: none). */
    public void serveStatsPage(StatsPage page) {
        httpContext.serveStatsPage(page);
    }

    /** Resolves these backend hosts again now: their addresses changed (tasks started or stopped). */
    public void refreshEndpoints(Set<String> hosts) {
        endpointGroups.refresh(hosts);
    }

    /**
     * Swaps in a snapshot: binds new ports, drains ports no longer wanted; completes when new ports are bound, or
     * exceptionally (naming the port) when one cannot be bound, so the caller can return to the previous snapshot.
     */
    public synchronized CompletableFuture<Void> apply(Snapshot snapshot) {
        endpointGroups.retainOnly(snapshot.targets());
        current.set(snapshot);
        Map<Integer, ListenerSpec> wanted = new HashMap<>();
        snapshot.listeners().forEach(spec -> wanted.put(spec.port(), spec));
        Map<Integer, Listener.Closing> gone = new HashMap<>();
        listeners.forEach((port, listener) -> {
            ListenerSpec spec = wanted.get(port);
            if (spec == null) {
                gone.put(port, Listener.Closing.UNCONFIGURED);
            } else if (spec.protocol() != listener.spec().protocol()) {
                // the port changes protocol (http <-> tcp): release it, then bind it anew
                gone.put(port, Listener.Closing.PROTOCOL_CHANGED);
            }
        });
        gone.forEach((port, why) -> releasing.put(port, listeners.remove(port).drain(why)));
        List<CompletableFuture<Void>> binds = new ArrayList<>();
        wanted.values().forEach(spec -> {
            if (!listeners.containsKey(spec.port())) {
                LongAdder acceptedHere = accepted.computeIfAbsent(spec.port(), port -> new LongAdder());
                Listener listener = new Listener(spec, bindHost, transport, workers, httpContext, acceptedHere,
                        new Listener.AcceptProxy(proxyTrusted, proxyHeaderCounters,
                                snapshot.timeouts().httpRequest()), tcpContext, connectionCap, this::tls);
                listeners.put(spec.port(), listener);
                CompletableFuture<Void> free = releasing.getOrDefault(spec.port(),
                        CompletableFuture.completedFuture(null));
                InheritedSockets taken = inherited;
                binds.add(free.thenCompose(ignored -> listener.bind(taken.take(spec.port()))).whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        LOG.error("cannot listen on port {}: {}", spec.port(), failure.getMessage());
                        synchronized (this) {
                            listeners.remove(spec.port(), listener);
                        }
                    }
                }).exceptionallyCompose(failure -> CompletableFuture.failedFuture(new IllegalStateException(
                        "cannot listen on port " + spec.port() + ": " + failure.getMessage(), failure))));
            }
        });
        return CompletableFuture.allOf(binds.toArray(CompletableFuture[]::new));
    }

    /** Listeners bound from now on serve these sockets for their ports instead of binding them (take-over). */
    public synchronized void inherit(InheritedSockets sockets) {
        this.inherited = sockets;
    }

    /** The descriptors of every listening socket, for a successor to take over; empty without epoll. */
    public synchronized List<Integer> listeningDescriptors() {
        List<Integer> descriptors = new ArrayList<>();
        listeners.values().forEach(listener -> descriptors.addAll(listener.descriptors()));
        return descriptors;
    }

    /**
     * Closes every listening socket here (a successor that took them over keeps accepting on them) and tells HTTP
     * connections to finish their request and close; completes when nothing here accepts any more.
     */
    public synchronized CompletableFuture<Void> stopAccepting() {
        List<CompletableFuture<Void>> released = new ArrayList<>();
        listeners.values().forEach(listener -> released.add(listener.drain(Listener.Closing.SHUTDOWN)));
        return CompletableFuture.allOf(released.toArray(CompletableFuture[]::new));
    }

    /**
     * Sets how {@code :ssl} listeners terminate TLS; call before the first {@link #apply}. Certificates are then
     * handed to {@link #tls()} as they change.
     */
    public void configureTls(TlsSettings settings) {
        TlsTermination previous = tls;
        this.tls = new TlsTermination(settings);
        previous.close();
    }

    /** TLS termination of the {@code :ssl} listeners; {@link #certificates} gives it certificates. */
    public TlsTermination tls() {
        return tls;
    }

    /**
     * Hands a new certificate set to the {@code :ssl} listeners' TLS; warns when it takes their last certificate away
     * (they serve plain HTTP from then on). Builds contexts: call it off the event loops.
     */
    public void certificates(CertificateSet set) {
        TlsTermination termination = tls;
        boolean wasActive = termination.active();
        termination.certificates(set);
        if (wasActive && !termination.active()) {
            Set<Integer> ports = boundSslPorts();
            if (!ports.isEmpty()) {
                LOG.warn("{}", PlainSslPort.afterLastCertificate(ports));
            }
        }
    }

    private synchronized Set<Integer> boundSslPorts() {
        Set<Integer> ports = new TreeSet<>();
        listeners.forEach((port, listener) -> {
            if (listener.isBound() && listener.spec().ssl() && listener.spec().protocol() != ListenerProtocol.TCP) {
                ports.add(listener.localPort());
            }
        });
        return ports;
    }

    /** The per-destination HTTP meters and the registry the proxy's metrics are served from. */
    public TrafficMeters traffic() {
        return traffic;
    }

    /** Turns the access log on ({@link AccessLog#OFF} by default) for HTTP requests and TCP sessions alike. */
    public void accessLog(AccessLog log) {
        httpContext.accessLog(log);
        tcpContext.accessLog(log);
    }

    /** Connections accepted so far, per listener port (ports configured at some point since start). */
    public Map<Integer, Long> acceptedConnections() {
        Map<Integer, Long> counts = new TreeMap<>();
        accepted.forEach((port, count) -> counts.put(port, count.sum()));
        return counts;
    }

    /** Client connections open right now, per bound listener port. */
    public synchronized Map<Integer, Integer> openConnectionsByPort() {
        Map<Integer, Integer> open = new TreeMap<>();
        listeners.forEach((port, listener) -> open.put(port, listener.openConnections()));
        return open;
    }

    /** Counters of the TCP listeners' connections. */
    public TcpProxyContext tcp() {
        return tcpContext;
    }

    /** The snapshot new connections and requests use. */
    public Snapshot current() {
        return current.get();
    }

    /** What accept-proxy listeners did with PROXY headers so far. */
    public ProxyHeaderCounters proxyHeaderCounters() {
        return proxyHeaderCounters;
    }

    /** Ports with a bound listener right now. */
    public synchronized Set<Integer> boundPorts() {
        Set<Integer> ports = new TreeSet<>();
        listeners.forEach((port, listener) -> {
            if (listener.isBound()) {
                ports.add(port);
            }
        });
        return ports;
    }

    /** The port a listener actually bound (differs from the spec only for port 0 in tests); -1 when not bound. */
    public synchronized int boundPort(int specPort) {
        Listener listener = listeners.get(specPort);
        return listener == null ? -1 : listener.localPort();
    }

    /** The endpoints of a target the current snapshot uses (e.g. a TCP route's), with their counters and health. */
    public EndpointGroup endpointGroup(BackendTarget target) {
        return endpointGroups.get(target);
    }

    /** Client connections open on all listeners right now. */
    public synchronized int openConnections() {
        return listeners.values().stream().mapToInt(Listener::openConnections).sum();
    }

    /**
     * Graceful stop: every listener stops accepting at once (new connects are refused), connections under way may
     * finish for up to {@code grace}, then everything is closed. Returns whether all of them finished in time.
     */
    public boolean shutdown(Duration grace) throws InterruptedException {
        List<CompletableFuture<Void>> finished = new ArrayList<>();
        synchronized (this) {
            stopAccepting().join();
            listeners.values().forEach(listener -> finished.add(listener.connectionsClosed()));
        }
        boolean inTime;
        try {
            CompletableFuture.allOf(finished.toArray(CompletableFuture[]::new))
                    .get(grace.toMillis(), TimeUnit.MILLISECONDS);
            inTime = true;
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warn("{} connection(s) still open after the {} ms grace period: closing them", openConnections(),
                    grace.toMillis());
            inTime = false;
        } catch (java.util.concurrent.ExecutionException e) {
            inTime = false;
        }
        close();
        return inTime;
    }

    @Override
    public void close() {
        CompletableFuture<?>[] released;
        synchronized (this) {
            released = listeners.values().stream().map(listener -> listener.drain(Listener.Closing.SHUTDOWN))
                    .toArray(CompletableFuture[]::new);
            listeners.clear();
        }
        // The ports are released before the loops stop: on io_uring a socket whose loop stopped first is freed by the
        // kernel a little later, and a process started at once (a restart) could not bind it yet.
        CompletableFuture.allOf(released).completeOnTimeout(null, 5, TimeUnit.SECONDS).join();
        workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        endpointGroups.close();
        traffic.close();
        tls.close();
        if (ownResolver != null) {
            ownResolver.close();
        }
    }
}
