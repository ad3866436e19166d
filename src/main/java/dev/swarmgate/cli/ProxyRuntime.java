package dev.swarmgate.cli;

import dev.swarmgate.admin.AdminRouter;
import dev.swarmgate.admin.AuthenticatedRoutes;
import dev.swarmgate.admin.Dashboard;
import dev.swarmgate.admin.ProxyMetrics;
import dev.swarmgate.admin.SwarmView;
import dev.swarmgate.config.AdminAuth;
import dev.swarmgate.config.CertificateFile;
import dev.swarmgate.config.InvalidServiceException;
import dev.swarmgate.config.ListenerSpec;
import dev.swarmgate.config.Settings;
import dev.swarmgate.config.StatsSettings;
import dev.swarmgate.config.dfp.AccessLogSetting;
import dev.swarmgate.config.dfp.DfpSettings;
import dev.swarmgate.config.dfp.DiscoverySettings;
import dev.swarmgate.config.dfp.TcpSpliceSetting;
import dev.swarmgate.config.dfp.TransparentSetupSetting;
import dev.swarmgate.config.dfp.EnvServices;
import dev.swarmgate.config.dfp.HandOverSettings;
import dev.swarmgate.config.dfp.LabelWording;
import dev.swarmgate.config.dfp.ServiceParameters;
import dev.swarmgate.config.dfp.ServiceRequest;
import dev.swarmgate.config.dfp.StatsVariables;
import dev.swarmgate.discovery.MarkedServices;
import dev.swarmgate.discovery.MisplacedLabels;
import dev.swarmgate.discovery.SwarmRoutes;
import dev.swarmgate.discovery.SwarmWatcher;
import dev.swarmgate.discovery.TaskNetworks;
import dev.swarmgate.discovery.UnreachableServices;
import dev.swarmgate.docker.DockerClient;
import dev.swarmgate.docker.DockerEndpoint;
import dev.swarmgate.docker.DockerUnavailableException;
import dev.swarmgate.httpapi.ApiServer;
import dev.swarmgate.observe.AccessLog;
import dev.swarmgate.observe.TrafficView;
import dev.swarmgate.proxy.tls.CertificateStore;
import dev.swarmgate.proxy.tls.PemCheck;
import dev.swarmgate.proxy.tls.ServiceCertificates;
import dev.swarmgate.routing.CompiledServices;
import dev.swarmgate.routing.Compiler;
import dev.swarmgate.server.Gateway;
import dev.swarmgate.server.TransparentHostRouting;
import dev.swarmgate.server.HandOverPoint;
import dev.swarmgate.server.TakeOver;
import dev.swarmgate.store.ConfigStore;
import dev.swarmgate.store.ReconfigureJournal;
import dev.swarmgate.store.Source;
import dev.swarmgate.store.StoredService;
import dev.swarmgate.sync.ListenerSync;
import dev.swarmgate.sync.PeerCertificates;
import dev.swarmgate.sync.ReplicaFanOut;
import dev.swarmgate.upstream.AddressResolver;
import dev.swarmgate.upstream.SystemDnsResolver;
import dev.swarmgate.upstream.TaskAddressBook;
import dev.swarmgate.upstream.Transport;
import dev.swarmgate.upstream.TransparentDialer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A whole proxy in one object: settings, parser, store, gateway and admin API wired together. Used by
 * {@code swarmgate proxy} and {@code swarmgate demo}, and by integration tests in-process (every port, directory and
 * the environment come in through {@link Settings} and the env map).
 */
public final class ProxyRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyRuntime.class);
    private static final long START_TIMEOUT_SECONDS = 60;
    /** A reconfigure carries its parameters in the query; bodies are only forwarded by distribute. */
    private static final int MAX_ADMIN_REQUEST_BYTES = 1024 * 1024;
    private static final String DOCKER_SOCKET = "/var/run/docker.sock";
    /** The stats page takes no body. */
    private static final int MAX_STATS_REQUEST_BYTES = 64 * 1024;
    /** Connecting to a Swarm listener or a peer replica, both on the same overlay network, is quick or broken. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /**
     * The lookup and every peer's answer, which each time out sooner; a backstop so a start never hangs here. Three
     * times the peers' timeout, counted in milliseconds: {@code multipliedBy}'s BigDecimal set-up costs a start 15 ms.
     */
    private static final Duration PEER_COPY_TIMEOUT = Duration.ofMillis(PeerCertificates.PEER_TIMEOUT.toMillis() * 3);
    /** The Unix socket in the state directory where a running proxy hands its listening sockets to a successor. */
    static final String HAND_OVER_SOCKET = "takeover.sock";
    /** For each step of a take-over; the old process answers at once unless it hangs. */
    private static final Duration TAKE_OVER_TIMEOUT = Duration.ofSeconds(10);

    /** The data plane's transport: epoll, or io_uring when IO_TRANSPORT asks for it and it is available. */
    private final Transport transport;
    private final Settings settings;
    private final Map<String, String> env;
    private final Optional<AddressResolver> replicaResolver;
    private final StatsVariables stats;
    /** What every source's reconfigures did: the stats page shows the last ones, metrics count them. */
    private final ReconfigureJournal journal = new ReconfigureJournal();
    private Dashboard dashboard;
    /** Volatile, as admin: the hand-over loop hands its socket over too (STATS_PORT). */
    private volatile ApiServer statsServer;
    /** Volatile (with admin): the hand-over loop reads both without this object's lock, which a drain holds. */
    private volatile Gateway gateway;
    private ConfigStore store;
    private volatile ApiServer admin;
    private SystemDnsResolver dns;
    private DockerClient docker;
    private SwarmWatcher watcher;
    /** Swarm services the proxy shares no network with: warned by discovery, shown by the admin API. */
    private final UnreachableServices unreachable = new UnreachableServices();
    /** The names of the swarm's marked services: a listener's notification about one of them is an echo. */
    private final MarkedServices marked = new MarkedServices();
    /** Whether the swarm's services were read once, or need not be (no discovery): for successfulinitreload. */
    private volatile boolean swarmListed = true;
    /** Guards {@link #http}: not this runtime's lock, which {@link #start} and a drain hold for long. */
    private final Object httpLock = new Object();
    private HttpClient http;
    private ListenerSync listenerSync;
    private CertificateStore certificates;
    /** {@code TRANSPARENT_SETUP}: the host routing transparent proxying needs is set up at start, removed at close. */
    private final boolean transparentSetup;
    private TransparentHostRouting hostRouting;
    /** DRAIN_TIMEOUT and TAKE_OVER, read once with the other settings. */
    private final HandOverSettings handOver;
    /** Where a successor takes the listening sockets over; null when there is no state directory or no epoll. */
    private HandOverPoint handOverPoint;
    /** Completes when a successor took the listening sockets: this proxy no longer accepts, drains and exits. */
    private final CompletableFuture<Void> takenOver = new CompletableFuture<>();
    private final AtomicBoolean drainStarted = new AtomicBoolean();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private OutputStream accessLogOutput = new FileOutputStream(FileDescriptor.out);
    private AccessLog accessLog = AccessLog.OFF;

    /** @param env the environment to read {@code DFP_SERVICE_*} services from */
    public ProxyRuntime(Settings settings, Map<String, String> env) {
        this(settings, env, Optional.empty());
    }

    /**
     * @param env             the environment to read {@code DFP_SERVICE_*} services from
     * @param replicaResolver resolves {@code tasks.<SERVICE_NAME>} for {@code distribute=true}; the system resolver
     *                        when empty
     */
    public ProxyRuntime(Settings settings, Map<String, String> env, Optional<AddressResolver> replicaResolver) {
        this.transport = DataPlaneTransport.choose(env);
        // Known here, not in config: the parser then refuses transparent destinations this proxy could not serve.
        this.settings = transport.epoll() ? settings : settings.withTransparent(settings.transparent()
                .unavailableBecause(transport.ioUring()
                        ? "this proxy runs on the " + transport.name() + " transport (IO_TRANSPORT), whose backend"
                        + " connections Swarmgate does not make transparent; unset IO_TRANSPORT to use epoll"
                        : "this proxy runs on the " + transport.name() + " transport (native epoll did not load),"
                        + " which cannot set IP_TRANSPARENT"));
        this.handOver = HandOverSettings.read(env);
        if (transport.ioUring() && handOver.takeOver()) {
            throw new IllegalArgumentException("TAKE_OVER=true needs the epoll transport: the listening sockets handed"
                    + " over cannot be served on " + transport.name() + " (IO_TRANSPORT=" + transport.name() + ");"
                    + " unset IO_TRANSPORT, or TAKE_OVER");
        }
        this.env = Map.copyOf(env);
        this.replicaResolver = replicaResolver;
        this.transparentSetup = TransparentSetupSetting.read(env);
        this.stats = StatsVariables.read(env, settings.secretsDir());
        stats.settings().port().ifPresent(this::requireFreeStatsPort);
    }

    /** STATS_PORT must be a port of its own: the admin API's and the listeners' are taken. */
    private void requireFreeStatsPort(int port) {
        if (port == settings.adminPort()) {
            throw new IllegalArgumentException("STATS_PORT=" + port + " is the admin API's PORT; choose another port,"
                    + " or 80 (or unset) to serve the stats page on the HTTP listeners");
        }
        for (ListenerSpec listener : concat(settings.defaultPorts(), settings.bindPorts())) {
            if (listener.port() == port) {
                throw new IllegalArgumentException("STATS_PORT=" + port + " is a listener of DEFAULT_PORTS or"
                        + " BIND_PORTS; choose a free port, or 80 (or unset) to serve the stats page on the HTTP"
                        + " listeners");
            }
        }
    }

    private static List<ListenerSpec> concat(List<ListenerSpec> first, List<ListenerSpec> second) {
        List<ListenerSpec> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /**
     * Reads settings as {@code swarmgate proxy} does.
     *
     * @throws IllegalArgumentException naming the variable and the fix when a setting is malformed
     */
    public static ProxyRuntime fromEnvironment(Map<String, String> env, Path secretsDir) {
        return new ProxyRuntime(DfpSettings.read(env, secretsDir), env);
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Replays persisted and environment services, binds the listeners and starts the admin API; returns when all of
     * them accept connections. Fetching services from the Swarm listeners ({@code LISTENER_ADDRESS}) then starts in
     * the background; {@code successfulinitreload} says when the first list is applied.
     *
     * @throws IllegalStateException when the initial configuration cannot be applied (e.g. a port is in use)
     */
    public synchronized ProxyRuntime start() throws InterruptedException {
        if (store != null) {
            throw new IllegalStateException("already started");
        }
        prepareTransparentProxying();
        int threads = settings.ioThreads() > 0 ? settings.ioThreads() : Runtime.getRuntime().availableProcessors();
        DiscoverySettings discovery = DiscoverySettings.read(env);
        boolean splice = TcpSpliceSetting.read(env);
        Optional<TakeOver> predecessor = takeOverIfAsked();
        dns = new SystemDnsResolver();
        CompletableFuture<List<CertificateFile>> peerCertificates = fetchPeerCertificates(replicaResolver.orElse(dns));
        TaskAddressBook taskAddresses = new TaskAddressBook(dns);
        gateway = new Gateway(settings.errorPagesDir(), settings.listenHost(), threads,
                settings.proxyProtocolTrustedNetworks(), taskAddresses, transport);
        taskAddresses.onChange(gateway::refreshEndpoints);
        gateway.tcp().useSplice(splice);
        gateway.configureTls(settings.tls());
        predecessor.ifPresent(old -> gateway.inherit(old.sockets()));
        accessLog = AccessLog.of(AccessLogSetting.read(env), accessLogOutput);
        gateway.accessLog(accessLog);
        store = new ConfigStore(settings, journal);
        Gateway data = gateway;
        // Each change compiles only the services it touches (the store publishes from one thread).
        CompiledServices compiled = new CompiledServices();
        store.subscribe(published -> data.apply(Compiler.compile(published.config(), published.version(), compiled)));
        certificates = CertificateStore.of(settings);
        certificates.subscribe(data::certificates);
        ServiceCertificates serviceCertificates = new ServiceCertificates(certificates);
        store.subscribe(published -> serviceCertificates.publish(published.config()));
        ServiceParameters parser = new ServiceParameters(settings, new PemCheck());
        try {
            AddressResolver resolver = replicaResolver.orElse(dns);
            // Before the listeners bind, so :ssl ports come up terminating TLS when there are certificates.
            certificates.load();
            storePeerCertificates(peerCertificates);
            List<StoredService> initial = new ArrayList<>();
            replay(parser, store.loadPersisted(), Source.API, initial, journal);
            // What the swarm or the listeners said last time serves until they answer (replaced by their first answer).
            boolean fromSwarm = watchesSwarm(discovery);
            if (fromSwarm) {
                replay(parser, store.loadLastKnown(Source.SWARM), Source.SWARM, initial, journal);
            }
            if (!settings.replicaSync().listeners().isEmpty()) {
                replay(parser, store.loadLastKnown(Source.LISTENER), Source.LISTENER, initial, journal);
            }
            replay(parser, EnvServices.read(env), Source.ENV, initial, journal); // last: DFP_SERVICE_* take precedence
            store.restore(initial).get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            LOG.info("Serving {} service(s) on listener ports {}", initial.size(), gateway.boundPorts());
            // With both, the swarm's own task listing fills the address book; the listeners' addresses are not needed.
            listenerSync = new ListenerSync(settings.replicaSync(), parser, store, this::http,
                    fromSwarm ? addresses -> { } : taskAddresses::replace, journal);
            ReplicaFanOut fanOut = new ReplicaFanOut(settings.replicaSync(), this::adminPort,
                    resolver, this::http);
            admin = new ApiServer("Admin API", settings.adminHost(), settings.adminPort(), MAX_ADMIN_REQUEST_BYTES,
                    AuthenticatedRoutes.of(new AdminRouter(parser::parse, store, data::current, data::endpointGroup,
                            listenerSync, fanOut, () -> swarmListed, certificates,
                            new SwarmView(marked::contains, unreachable::problemOf), journal)
                            .serveMetrics(new ProxyMetrics(data, store, journal, this::swarmWatchErrors, accessLog)),
                            settings.adminAuth()))
                    .adopting(predecessor.map(old -> old.sockets().takeOne(settings.adminPort()))
                            .orElse(OptionalInt.empty()))
                    .start();
            serveStatsPage(data, predecessor);
            if (settings.adminAuth().required()) {
                LOG.info("Admin API requires basic authentication (realm {}) as one of {} user(s) in ADMIN_USERS;"
                        + " ping and successfulinitreload stay open", AdminAuth.REALM,
                        settings.adminAuth().users().size());
            }
            listenerSync.start();
            if (fromSwarm) {
                swarmListed = false;
                try {
                    watchSwarm(discovery, parser, taskAddresses);
                } catch (DockerUnavailableException e) {
                    swarmListed = true; // nothing to wait for
                    LOG.error("Swarm discovery is off: {}", e.getMessage());
                }
            }
            if (predecessor.isPresent()) {
                predecessor.get().release(TAKE_OVER_TIMEOUT);
                predecessor.get().close();
            }
            openHandOverPoint();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            predecessor.ifPresent(TakeOver::close);
            close();
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("Swarmgate could not start: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            close();
            throw e;
        }
        return this;
    }

    /**
     * The client for the listeners and the peer replicas, built at its first use: building one sets up the JDK's
     * default TLS context (its trust store), about 80 ms that a proxy without listeners or peers would spend before
     * its listeners bind (docs/benchmarks.md, "Issue 11: start and warm-up, third round").
     */
    private HttpClient http() {
        synchronized (httpLock) {
            if (http == null) {
                http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                        .build();
            }
            return http;
        }
    }

    /** The sockets of the Swarmgate running with the same state directory, when TAKE_OVER asks for them. */
    private Optional<TakeOver> takeOverIfAsked() throws InterruptedException {
        if (!handOver.takeOver()) {
            return Optional.empty();
        }
        Path socket = handOverSocket().orElseThrow(() -> new IllegalStateException("TAKE_OVER=true needs a state"
                + " directory (STATE_DIR), where the running Swarmgate listens for its successor"));
        return TakeOver.from(socket, TAKE_OVER_TIMEOUT);
    }

    private Optional<Path> handOverSocket() {
        return settings.stateDir().map(dir -> dir.resolve(HAND_OVER_SOCKET));
    }

    /** Lets a later Swarmgate take this one's sockets over; without it, that one fails to bind (a WARN says why). */
    private void openHandOverPoint() throws InterruptedException {
        Optional<Path> socket = handOverSocket();
        if (socket.isEmpty() || !HandOverPoint.supported()) {
            return;
        }
        try {
            Files.createDirectories(socket.get().getParent());
            handOverPoint = HandOverPoint.open(socket.get(), this::listeningDescriptors, this::yieldSockets);
            LOG.info("A new Swarmgate started with TAKE_OVER=true takes this one's ports over at {}", socket.get());
        } catch (IOException | RuntimeException e) {
            LOG.warn("No take-over socket at {} ({}): a new Swarmgate cannot take this one's ports over",
                    socket.get(), e.toString());
        }
    }

    /** Not synchronized: a drain holds the lock while it waits for the hand-over loop, which calls this. */
    private List<Integer> listeningDescriptors() {
        Gateway data = gateway;
        List<Integer> descriptors = new ArrayList<>(data == null ? List.of() : data.listeningDescriptors());
        for (ApiServer api : new ApiServer[] {admin, statsServer}) {
            if (api != null) {
                api.descriptor().ifPresent(descriptors::add);
            }
        }
        return descriptors;
    }

    /** A successor serves the sockets: stop accepting here (off the hand-over loop), then drain ({@link #takenOver}). */
    private CompletableFuture<Void> yieldSockets() {
        return CompletableFuture.runAsync(() -> {
            stopAccepting();
            takenOver.complete(null);
        }, runnable -> Thread.ofPlatform().name("yield").start(runnable));
    }

    /** Completes when a successor took this proxy's sockets over: it no longer accepts; {@link #drain} it. */
    public CompletableFuture<Void> takenOver() {
        return takenOver;
    }

    /** DRAIN_TIMEOUT and TAKE_OVER as read at construction. */
    public HandOverSettings handOver() {
        return handOver;
    }

    /** The admin API's server and the stats port's, when they run; called with this runtime's lock held. */
    private void closeAdminServers() {
        if (admin != null) {
            admin.close();
            admin = null;
        }
        if (statsServer != null) {
            statsServer.close();
            statsServer = null;
        }
    }

    /** Closes every listening socket here and the admin API's; connections under way go on. */
    private synchronized void stopAccepting() {
        if (handOverPoint != null) {
            handOverPoint.stopListening(); // first: removes the socket file, where the successor listens next
        }
        closeAdminServers();
        if (gateway != null) {
            gateway.stopAccepting().join();
        }
    }

    /**
     * Graceful stop (SIGTERM, or after a take-over): stops accepting, lets requests, TCP relays and WebSockets under
     * way finish for up to {@code timeout} (idle keep-alive connections close at once, busy HTTP/1.1 ones after
     * their response with {@code Connection: close}, HTTP/2 ones with GOAWAY), then closes everything.
     */
    public void drain(Duration timeout) {
        if (!drainStarted.compareAndSet(false, true)) {
            drained.join(); // SIGTERM while a take-over drains: the exit waits for that drain
            return;
        }
        try {
            drainOnce(timeout);
        } finally {
            drained.complete(null);
        }
    }

    private void drainOnce(Duration timeout) {
        long started = System.nanoTime();
        Gateway draining;
        synchronized (this) {
            if (listenerSync != null) {
                listenerSync.close();
                listenerSync = null;
            }
            if (watcher != null) {
                watcher.close();
                watcher = null;
            }
            stopAccepting();
            draining = gateway;
        }
        if (draining != null) {
            int open = draining.openConnections();
            boolean inTime;
            try {
                inTime = draining.shutdown(timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                inTime = false;
            }
            LOG.info("Drained {} connection(s) in {} ms{}", open, (System.nanoTime() - started) / 1_000_000,
                    inTime ? "" : " (DRAIN_TIMEOUT " + timeout.toMillis() + " ms: the rest were closed)");
        }
        close();
    }

    /**
     * With {@code TRANSPARENT=true} or {@code TRANSPARENT_SETUP=true}, the start fails unless backend connections can
     * bind clients' addresses (epoll, CAP_NET_ADMIN), rather than serve as a proxy that silently is not
     * transparent; with {@code TRANSPARENT_SETUP=true} the host's routing is then set up.
     */
    private void prepareTransparentProxying() {
        boolean byDefault = settings.transparent().byDefault().on();
        if (!byDefault && !transparentSetup) {
            return;
        }
        String asked = transparentSetup ? "TRANSPARENT_SETUP=true" : "TRANSPARENT=true";
        settings.transparent().unavailable().ifPresent(reason -> {
            throw new IllegalStateException(asked + " cannot be served: " + reason);
        });
        if (transparentSetup) {
            // iptables and ip rule need CAP_NET_ADMIN itself (IP_TRANSPARENT alone would do with CAP_NET_RAW).
            TransparentHostRouting.requireNetAdmin(asked);
        }
        TransparentDialer.unavailable().ifPresent(reason -> {
            throw new IllegalStateException(asked + " cannot be served: backend connections cannot bind a client's"
                    + " address: " + reason);
        });
        if (transparentSetup) {
            String iptables = env.getOrDefault("TRANSPARENT_IPTABLES", "iptables").strip();
            hostRouting = TransparentHostRouting.setUp(iptables.isEmpty() ? "iptables" : iptables);
        }
    }

    /**
     * DFP's replica bootstrap (dfp-compat §3.3): after {@code DNS_LOOKUP_PAUSE_MS}, asks the peer replicas for their
     * certificates. Started first thing, so the lookup runs while the data plane is set up; {@link
     * #storePeerCertificates} waits for it before the listeners bind.
     */
    private CompletableFuture<List<CertificateFile>> fetchPeerCertificates(AddressResolver resolver) {
        Duration pause = settings.replicaSync().peerLookupPause();
        Optional<InetAddress> own = Optional.empty();
        try {
            InetAddress admin = InetAddress.getByName(settings.adminHost());
            own = admin.isAnyLocalAddress() ? Optional.empty() : Optional.of(admin);
        } catch (UnknownHostException e) {
            LOG.debug("Admin address {} does not resolve: {}", settings.adminHost(), e.toString());
        }
        String authorization = settings.adminAuth().users().stream().findFirst()
                .map(user -> "Basic " + Base64.getEncoder().encodeToString(
                        (user.user() + ":" + user.password()).getBytes(StandardCharsets.UTF_8)))
                .orElse("");
        PeerCertificates peers = new PeerCertificates(settings.replicaSync(), settings.adminPort(), resolver,
                this::http, authorization, own);
        if (!pause.isPositive()) {
            return peers.fetch();
        }
        LOG.info("Waiting {} ms (DNS_LOOKUP_PAUSE_MS) before looking up peer replicas", pause.toMillis());
        Executor afterPause = CompletableFuture.delayedExecutor(pause.toMillis(), TimeUnit.MILLISECONDS);
        return CompletableFuture.runAsync(() -> { }, afterPause).thenCompose(paused -> peers.fetch());
    }

    /** Stores what {@link #fetchPeerCertificates} copied; bounded by the pause and the peers' timeout, only logs. */
    private void storePeerCertificates(CompletableFuture<List<CertificateFile>> fetched)
            throws InterruptedException {
        long waitMillis = settings.replicaSync().peerLookupPause().plus(PEER_COPY_TIMEOUT).toMillis();
        try {
            List<CertificateFile> copied = fetched.get(waitMillis, TimeUnit.MILLISECONDS);
            if (!copied.isEmpty()) {
                certificates.putAll(copied, "peer replicas").get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Certificates were not copied from peer replicas: {}", e.toString());
        }
    }

    /** Whether this proxy reads services from Docker itself ({@link DiscoverySettings}: auto, on or off). */
    private boolean watchesSwarm(DiscoverySettings discovery) {
        return switch (discovery.mode()) {
            case ON -> true;
            case OFF -> false;
            case AUTO -> settings.replicaSync().listeners().isEmpty() && (!isBlank(env.get("DF_DOCKER_HOST"))
                    || !isBlank(env.get("DOCKER_HOST")) || Files.exists(Path.of(DOCKER_SOCKET)));
        };
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private void watchSwarm(DiscoverySettings discovery, ServiceParameters parser, TaskAddressBook taskAddresses) {
        docker = new DockerClient(DockerEndpoint.fromEnvironment(env));
        SwarmRoutes routes = new SwarmRoutes(parser, store, discovery.notifyLabel(), taskAddresses::replace,
                journal);
        DockerClient engine = docker;
        watcher = new SwarmWatcher(engine, discovery, () -> TaskNetworks.ofOwnTask(engine, hostname()),
                List.of(marked, routes, unreachable, new MisplacedLabels(discovery.notifyLabel()))).start();
        routes.firstApplied().thenRun(() -> swarmListed = true);
        LOG.info("Watching swarm services labelled {} on {} (tasks every {} ms)", discovery.notifyLabel(),
                engine.endpoint(), discovery.taskInterval().toMillis());
    }

    /** Docker names a container's host after the container id, which is how the proxy finds its own task. */
    private String hostname() {
        String fromEnv = env.get("HOSTNAME");
        if (!isBlank(fromEnv)) {
            return fromEnv.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "";
        }
    }

    /**
     * Parses the services a source held at start. The journal records the {@code DFP_SERVICE_*} ones (read only
     * here) and every service skipped; the others were recorded when they arrived and are recorded again when their
     * source next lists them.
     */
    private static void replay(ServiceParameters parser, List<Map<String, List<String>>> sources, Source source,
                               List<StoredService> into, ReconfigureJournal journal) {
        for (Map<String, List<String>> parameters : sources) {
            String name = parameters.getOrDefault("serviceName", List.of("?")).stream().findFirst().orElse("?");
            try {
                ServiceRequest request = parser.parse(parameters);
                request.unsupported().forEach(sentence -> LOG.warn("{} service {}: {}", source.label(), name,
                        sentence));
                request.spec().ifPresent(spec -> into.add(new StoredService(spec, request.parameters(), source)));
                if (source == Source.ENV) {
                    journal.record(source, name, request.unsupported().isEmpty()
                            ? ReconfigureJournal.Outcome.APPLIED : ReconfigureJournal.Outcome.PARTLY_IGNORED,
                            String.join("; ", request.unsupported()));
                }
            } catch (InvalidServiceException e) {
                // Swarm and listener services were built from com.df.* labels: name those.
                String reason = source == Source.SWARM || source == Source.LISTENER
                        ? LabelWording.of(e.getMessage()) : e.getMessage();
                LOG.error("{} service {} is skipped at start: {}", source.label(), name, reason);
                journal.record(source, name, ReconfigureJournal.Outcome.REJECTED, "skipped at start: " + reason);
            }
        }
    }

    private long swarmWatchErrors() {
        SwarmWatcher watching = watcher;
        return watching == null ? 0 : watching.errors();
    }

    /**
     * Where the access log goes instead of stdout (tests: a file, a pipe nobody reads); call before {@link #start()}.
     */
    public ProxyRuntime accessLogTo(OutputStream output) {
        this.accessLogOutput = output;
        return this;
    }

    /**
     * The stats page ({@code STATS_*}), when it is on: on every HTTP listener ahead of routing, or on
     * {@code STATS_PORT} alone, as Docker Flow Proxy placed it.
     */
    private void serveStatsPage(Gateway data, Optional<TakeOver> predecessor) throws InterruptedException {
        stats.notes().forEach(note -> LOG.warn("{}", note));
        StatsSettings page = stats.settings();
        if (!page.enabled()) {
            return;
        }
        TrafficView traffic = data.traffic();
        dashboard = Dashboard.start(page, store, data::current, data::endpointGroup, traffic, journal, listenerSync,
                settings.replicaSync().proxyServiceName(), new SwarmView(marked::contains, unreachable::problemOf));
        if (page.port().isPresent()) {
            statsServer = new ApiServer("Stats page", settings.listenHost(), page.port().getAsInt(),
                    MAX_STATS_REQUEST_BYTES, dashboard.ownPort())
                    .adopting(predecessor.map(old -> old.sockets().takeOne(page.port().getAsInt()))
                            .orElse(OptionalInt.empty()))
                    .start();
        } else {
            data.serveStatsPage(dashboard);
        }
        LOG.info("{}", stats.describe());
    }

    /** The journal of every source's reconfigures (the stats page shows it; metrics count it). */
    public ReconfigureJournal journal() {
        return journal;
    }

    /** The stats page's own port ({@code STATS_PORT}), or -1 when it has none. */
    public int statsPort() {
        return statsServer == null ? -1 : statsServer.port();
    }

    /** Per-service traffic over the last minute, for the stats page ({@link TrafficView#NONE} before start). */
    public TrafficView traffic() {
        Gateway running = gateway;
        return running == null ? TrafficView.NONE : running.traffic();
    }

    /** The admin API's bound port. */
    public int adminPort() {
        return admin.port();
    }

    public Gateway gateway() {
        return gateway;
    }

    public ConfigStore store() {
        return store;
    }

    /** The certificates served on {@code :ssl} listeners. */
    public CertificateStore certificates() {
        return certificates;
    }

    /**
     * Stops fetching from the Swarm listeners and accepting admin requests, then closes the listeners and the store.
     * Safe to call more than once.
     */
    @Override
    public synchronized void close() {
        if (handOverPoint != null) {
            handOverPoint.close();
            handOverPoint = null;
        }
        if (listenerSync != null) {
            listenerSync.close();
            listenerSync = null;
        }
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
        if (docker != null) {
            docker.close();
            docker = null;
        }
        closeAdminServers();
        if (dashboard != null) {
            dashboard.close();
            dashboard = null;
        }
        synchronized (httpLock) {
            if (http != null) {
                http.shutdownNow(); // a feed request may be held open by its listener; nothing in flight matters now
            }
        }
        if (gateway != null) {
            gateway.close();
            gateway = null;
        }
        accessLog.close();
        if (store != null) {
            store.close();
            store = null;
        }
        if (certificates != null) {
            certificates.close();
            certificates = null;
        }
        if (dns != null) {
            dns.close();
            dns = null;
        }
        if (hostRouting != null) {
            // Last: connections the gateway drained needed the routing until they closed.
            hostRouting.close();
            hostRouting = null;
        }
    }
}
