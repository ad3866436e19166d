package dev.swarmgate.cli;

import dev.swarmgate.admin.AdminRouter;
import dev.swarmgate.admin.AuthenticatedRoutes;
import dev.swarmgate.admin.ProxyMetrics;
import dev.swarmgate.admin.SwarmView;
import dev.swarmgate.config.AdminAuth;
import dev.swarmgate.config.CertificateFile;
import dev.swarmgate.config.InvalidServiceException;
import dev.swarmgate.config.Settings;
import dev.swarmgate.config.dfp.AccessLogSetting;
import dev.swarmgate.config.dfp.DfpSettings;
import dev.swarmgate.config.dfp.DiscoverySettings;
import dev.swarmgate.config.dfp.TcpSpliceSetting;
import dev.swarmgate.config.dfp.EnvServices;
import dev.swarmgate.config.dfp.LabelWording;
import dev.swarmgate.config.dfp.ServiceParameters;
import dev.swarmgate.config.dfp.ServiceRequest;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
    /** Connecting to a Swarm listener or a peer replica, both on the same overlay network, is quick or broken. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The lookup and every peer's answer, which each time out sooner; a backstop so a start never hangs here. */
    private static final Duration PEER_COPY_TIMEOUT = PeerCertificates.PEER_TIMEOUT.multipliedBy(3);

    private final Settings settings;
    private final Map<String, String> env;
    private final Optional<AddressResolver> replicaResolver;
    private Gateway gateway;
    private ConfigStore store;
    private ApiServer admin;
    private SystemDnsResolver dns;
    private DockerClient docker;
    private SwarmWatcher watcher;
    /** Swarm services the proxy shares no network with: warned by discovery, shown by the admin API. */
    private final UnreachableServices unreachable = new UnreachableServices();
    /** The names of the swarm's marked services: a listener's notification about one of them is an echo. */
    private final MarkedServices marked = new MarkedServices();
    /** Whether the swarm's services were read once, or need not be (no discovery): for successfulinitreload. */
    private volatile boolean swarmListed = true;
    private HttpClient http;
    private ListenerSync listenerSync;
    private CertificateStore certificates;
    /** What reconfigures from every source did: read by the metrics (and the stats page). */
    private final ReconfigureJournal journal = new ReconfigureJournal();
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
        this.settings = settings;
        this.env = Map.copyOf(env);
        this.replicaResolver = replicaResolver;
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
        int threads = settings.ioThreads() > 0 ? settings.ioThreads() : Runtime.getRuntime().availableProcessors();
        DiscoverySettings discovery = DiscoverySettings.read(env);
        boolean splice = TcpSpliceSetting.read(env);
        dns = new SystemDnsResolver();
        TaskAddressBook taskAddresses = new TaskAddressBook(dns);
        gateway = new Gateway(settings.errorPagesDir(), settings.listenHost(), threads,
                settings.proxyProtocolTrustedNetworks(), taskAddresses);
        taskAddresses.onChange(gateway::refreshEndpoints);
        gateway.tcp().useSplice(splice);
        gateway.configureTls(settings.tls());
        accessLog = AccessLog.of(AccessLogSetting.read(env), accessLogOutput);
        gateway.accessLog(accessLog);
        store = new ConfigStore(settings);
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
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT).build();
            AddressResolver resolver = replicaResolver.orElse(dns);
            // Before the listeners bind, so :ssl ports come up terminating TLS when there are certificates.
            certificates.load();
            copyPeerCertificates(resolver);
            List<StoredService> initial = new ArrayList<>();
            replay(parser, store.loadPersisted(), Source.API, initial);
            // What the swarm or the listeners said last time serves until they answer (replaced by their first answer).
            boolean fromSwarm = watchesSwarm(discovery);
            if (fromSwarm) {
                replay(parser, store.loadLastKnown(Source.SWARM), Source.SWARM, initial);
            }
            if (!settings.replicaSync().listeners().isEmpty()) {
                replay(parser, store.loadLastKnown(Source.LISTENER), Source.LISTENER, initial);
            }
            replay(parser, EnvServices.read(env), Source.ENV, initial); // last: DFP_SERVICE_* take precedence
            store.restore(initial).get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            LOG.info("Serving {} service(s) on listener ports {}", initial.size(), gateway.boundPorts());
            // With both, the swarm's own task listing fills the address book; the listeners' addresses are not needed.
            listenerSync = new ListenerSync(settings.replicaSync(), parser, store, http,
                    fromSwarm ? addresses -> { } : taskAddresses::replace);
            ReplicaFanOut fanOut = new ReplicaFanOut(settings.replicaSync(), this::adminPort,
                    resolver, http);
            admin = new ApiServer("Admin API", settings.adminHost(), settings.adminPort(), MAX_ADMIN_REQUEST_BYTES,
                    AuthenticatedRoutes.of(new AdminRouter(parser::parse, store, data::current, data::endpointGroup,
                            listenerSync, fanOut, () -> swarmListed, certificates,
                            new SwarmView(marked::contains, unreachable::problemOf))
                            .serveMetrics(new ProxyMetrics(data, store, journal, this::swarmWatchErrors, accessLog)),
                            settings.adminAuth()))
                    .start();
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
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
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
     * DFP's replica bootstrap (dfp-compat §3.3): after {@code DNS_LOOKUP_PAUSE_MS}, the certificates of the peer
     * replica that has the most are stored here. Bounded by the peers' timeout; a failure only logs.
     */
    private void copyPeerCertificates(AddressResolver resolver) throws InterruptedException {
        Duration pause = settings.replicaSync().peerLookupPause();
        if (pause.isPositive()) {
            LOG.info("Waiting {} ms (DNS_LOOKUP_PAUSE_MS) before looking up peer replicas", pause.toMillis());
            Thread.sleep(pause);
        }
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
        try {
            List<CertificateFile> copied = new PeerCertificates(settings.replicaSync(),
                    settings.adminPort(), resolver, http, authorization, own).fetch()
                    .get(PEER_COPY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
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
        SwarmRoutes routes = new SwarmRoutes(parser, store, discovery.notifyLabel(), taskAddresses::replace);
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

    private static void replay(ServiceParameters parser, List<Map<String, List<String>>> sources, Source source,
                               List<StoredService> into) {
        for (Map<String, List<String>> parameters : sources) {
            String name = parameters.getOrDefault("serviceName", List.of("?")).stream().findFirst().orElse("?");
            try {
                ServiceRequest request = parser.parse(parameters);
                request.unsupported().forEach(sentence -> LOG.warn("{} service {}: {}", source.label(), name,
                        sentence));
                request.spec().ifPresent(spec -> into.add(new StoredService(spec, request.parameters(), source)));
            } catch (InvalidServiceException e) {
                // Swarm and listener services were built from com.df.* labels: name those.
                String reason = source == Source.SWARM || source == Source.LISTENER
                        ? LabelWording.of(e.getMessage()) : e.getMessage();
                LOG.error("{} service {} is skipped at start: {}", source.label(), name, reason);
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

    /** What reconfigures did, per source and outcome, for the metrics and the stats page. */
    public ReconfigureJournal journal() {
        return journal;
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
        if (admin != null) {
            admin.close();
            admin = null;
        }
        if (http != null) {
            http.shutdownNow(); // a feed request may be held open by its listener; nothing in flight matters now
            http = null;
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
    }
}
