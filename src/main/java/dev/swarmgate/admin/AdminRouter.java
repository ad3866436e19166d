package dev.swarmgate.admin;

import dev.swarmgate.config.BackendTarget;
import dev.swarmgate.httpapi.ApiReply;
import dev.swarmgate.httpapi.ApiRequest;
import dev.swarmgate.httpapi.ApiRoutes;
import dev.swarmgate.httpapi.MalformedTargetException;
import dev.swarmgate.httpapi.RequestTarget;
import dev.swarmgate.proxy.tls.CertificateStore;
import dev.swarmgate.routing.Snapshot;
import dev.swarmgate.store.ConfigStore;
import dev.swarmgate.store.ReconfigureJournal;
import dev.swarmgate.sync.ListenerSync;
import dev.swarmgate.sync.ReplicaFanOut;
import dev.swarmgate.upstream.EndpointGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Maps a request URI to its endpoint, Docker Flow Proxy's paths with gorilla's StrictSlash (a trailing slash is a
 * 301 to the canonical path). Every method is accepted on every path. The returned future never fails: a target that
 * cannot be decoded is a 400, other errors are 500 replies with Status NOK.
 */
public final class AdminRouter implements ApiRoutes {

    static final String DFP = "/v1/docker-flow-proxy";

    private static final Logger LOG = LoggerFactory.getLogger(AdminRouter.class);
    private static final Set<String> PATHS = Set.of(
            DFP + "/reconfigure", DFP + "/remove", DFP + "/reload", DFP + "/config", DFP + "/ping",
            DFP + "/successfulinitreload", DFP + "/cert", DFP + "/certs", DFP + "/metrics", "/metrics",
            "/v1/test", "/v2/test", VersionEndpoint.PATH, EndpointsEndpoint.PATH);

    private final ServiceEndpoints services;
    private final ConfigEndpoint config;
    private final VersionEndpoint version;
    private final EndpointsEndpoint endpoints;
    private final ListenerSync listeners;
    private final BooleanSupplier swarmListed;
    /** Empty: the certificate endpoints answer 501 (a router without a certificate store, in some tests). */
    private final Optional<CertificateEndpoints> certificates;
    private final ReplicaFanOut replicas;
    /** Empty: the metrics paths answer 501 (a router without a proxy's metrics, in some tests). */
    private volatile Optional<MetricsEndpoint> metrics = Optional.empty();

    /**
     * @param parser         reconfigure parameters to requests ({@code new ServiceParameters(settings)::parse})
     * @param activeSnapshot what the data plane serves now ({@code gateway::current}); may return null before start
     * @param endpointGroups the endpoints behind a backend target ({@code gateway::endpointGroup})
     * @param listeners      the Swarm listeners ({@code successfulinitreload}, {@code reload?fromListener=true})
     * @param replicas       the fan-out of {@code distribute=true} requests to every proxy replica
     */
    public AdminRouter(ServiceRequestParser parser, ConfigStore store, Supplier<Snapshot> activeSnapshot,
                       Function<BackendTarget, EndpointGroup> endpointGroups, ListenerSync listeners,
                       ReplicaFanOut replicas) {
        this(parser, store, activeSnapshot, endpointGroups, listeners, replicas, () -> true);
    }

    /**
     * @param swarmListed whether the swarm's services have been read once (true when the proxy does not watch the
     *                    swarm): with the listeners' first lists, what {@code successfulinitreload} waits for
     */
    public AdminRouter(ServiceRequestParser parser, ConfigStore store, Supplier<Snapshot> activeSnapshot,
                       Function<BackendTarget, EndpointGroup> endpointGroups, ListenerSync listeners,
                       ReplicaFanOut replicas, BooleanSupplier swarmListed) {
        this(parser, store, activeSnapshot, endpointGroups, listeners, replicas, swarmListed, Optional.empty());
    }

    /**
     * @param certificates the certificates {@code PUT /cert} stores and {@code /certs} lists
     */
    public AdminRouter(ServiceRequestParser parser, ConfigStore store, Supplier<Snapshot> activeSnapshot,
                       Function<BackendTarget, EndpointGroup> endpointGroups, ListenerSync listeners,
                       ReplicaFanOut replicas, BooleanSupplier swarmListed, CertificateStore certificates) {
        this(parser, store, activeSnapshot, endpointGroups, listeners, replicas, swarmListed, certificates,
                SwarmView.NONE, new ReconfigureJournal());
    }

    /**
     * @param swarm what the proxy's own watching of the swarm knows: notifications about its marked services are
     *              acknowledged without being applied, and {@code /v1/swarmgate/endpoints} shows its problems
     */
    public AdminRouter(ServiceRequestParser parser, ConfigStore store, Supplier<Snapshot> activeSnapshot,
                       Function<BackendTarget, EndpointGroup> endpointGroups, ListenerSync listeners,
                       ReplicaFanOut replicas, BooleanSupplier swarmListed, CertificateStore certificates,
                       SwarmView swarm) {
        this(parser, store, activeSnapshot, endpointGroups, listeners, replicas, swarmListed, certificates, swarm,
                new ReconfigureJournal());
    }

    /** @param journal where {@code reconfigure} and {@code remove} record what they did (the stats page shows it) */
    public AdminRouter(ServiceRequestParser parser, ConfigStore store, Supplier<Snapshot> activeSnapshot,
                       Function<BackendTarget, EndpointGroup> endpointGroups, ListenerSync listeners,
                       ReplicaFanOut replicas, BooleanSupplier swarmListed, CertificateStore certificates,
                       SwarmView swarm, ReconfigureJournal journal) {
        this(parser, store, activeSnapshot, endpointGroups, listeners, replicas, swarmListed,
                Optional.of(new CertificateEndpoints(certificates, replicas)), swarm, journal);
    }

    private AdminRouter(ServiceRequestParser parser, ConfigStore store, Supplier<Snapshot> activeSnapshot,
                        Function<BackendTarget, EndpointGroup> endpointGroups, ListenerSync listeners,
                        ReplicaFanOut replicas, BooleanSupplier swarmListed,
                        Optional<CertificateEndpoints> certificates) {
        this(parser, store, activeSnapshot, endpointGroups, listeners, replicas, swarmListed, certificates,
                SwarmView.NONE, new ReconfigureJournal());
    }

    private AdminRouter(ServiceRequestParser parser, ConfigStore store, Supplier<Snapshot> activeSnapshot,
                        Function<BackendTarget, EndpointGroup> endpointGroups, ListenerSync listeners,
                        ReplicaFanOut replicas, BooleanSupplier swarmListed,
                        Optional<CertificateEndpoints> certificates, SwarmView swarm, ReconfigureJournal journal) {
        this.certificates = certificates;
        this.swarmListed = swarmListed;
        this.services = new ServiceEndpoints(parser, store, listeners, replicas, swarm.marks(), journal);
        this.config = new ConfigEndpoint(store, activeSnapshot);
        this.version = new VersionEndpoint(store, listeners::appliedVersions);
        this.endpoints = new EndpointsEndpoint(activeSnapshot, endpointGroups, swarm.problemOf());
        this.listeners = listeners;
        this.replicas = replicas;
    }

    /** Serves {@code metrics} on {@code /metrics} and {@code /v1/docker-flow-proxy/metrics}; call before serving. */
    public AdminRouter serveMetrics(ProxyMetrics served) {
        this.metrics = Optional.of(new MetricsEndpoint(served::scrape, replicas));
        return this;
    }

    /** Answers a request (path and query as received). */
    @Override
    public CompletableFuture<ApiReply> answer(ApiRequest request) {
        return route(new AdminRequest(request.method(), request.uri(), request.body(), request.authorization()));
    }

    @Override
    public ApiReply malformed() {
        return ApiReply.json(400, DfpResponse.nok("Malformed request", ""));
    }

    @Override
    public ApiReply failed(Throwable failure) {
        return ApiReply.json(500, DfpResponse.nok("Internal error: " + failure, ""));
    }

    CompletableFuture<ApiReply> route(AdminRequest request) {
        String uri = request.uri();
        RequestTarget target;
        try {
            target = RequestTarget.parse(uri);
        } catch (MalformedTargetException e) {
            LOG.info("Admin request to {} refused: {}", RequestTarget.rawPathOf(uri), e.getMessage());
            return done(ApiReply.json(400, DfpResponse.nok(e.getMessage(), "")));
        }
        String path = target.path();
        try {
            if (path.length() > 1 && path.endsWith("/")) {
                String canonical = path.substring(0, path.length() - 1);
                if (PATHS.contains(canonical)) {
                    String query = target.rawQuery();
                    return done(ApiReply.redirect(query.isEmpty() ? canonical : canonical + "?" + query));
                }
            }
            Map<String, List<String>> parameters = target.parameters();
            return switch (path) {
                case DFP + "/reconfigure" -> services.reconfigure(parameters, request);
                case DFP + "/remove" -> services.remove(parameters, request);
                case DFP + "/reload" -> services.reload(parameters);
                case DFP + "/config" -> done(config.reply(parameters));
                case DFP + "/ping" -> done(ApiReply.json(200, DfpResponse.ok("", "")));
                case DFP + "/successfulinitreload" ->
                        done(ApiReply.empty(listeners.initialSyncDone() && swarmListed.getAsBoolean() ? 200 : 500));
                case DFP + "/cert" -> certificates.map(endpoints -> endpoints.put(parameters, request))
                        .orElseGet(AdminRouter::noCertificates);
                case DFP + "/certs" -> certificates.map(endpoints -> done(endpoints.all()))
                        .orElseGet(AdminRouter::noCertificates);
                case DFP + "/metrics", "/metrics" -> metrics.map(endpoint -> endpoint.reply(path, parameters, request))
                        .orElseGet(() -> done(ApiReply.json(501, DfpResponse.nok(
                                "This admin API serves no metrics", ""))));
                case VersionEndpoint.PATH -> done(version.reply());
                case EndpointsEndpoint.PATH -> done(endpoints.reply());
                case "/v1/test" -> done(ApiReply.json(200, DfpResponse.ok("Test v1", "")));
                case "/v2/test" -> done(ApiReply.json(200, DfpResponse.ok("Test v2", "")));
                default -> done(ApiReply.json(404, DfpResponse.nok("No such endpoint: " + path, "")));
            };
        } catch (RuntimeException e) {
            // The path only: the query may hold passwords.
            LOG.error("Admin request to {} failed", path, e);
            return done(ApiReply.json(500, DfpResponse.nok("Internal error: " + e, "")));
        }
    }

    private static CompletableFuture<ApiReply> noCertificates() {
        return done(ApiReply.json(501, DfpResponse.nok("This admin API has no certificate store", "")));
    }

    private static CompletableFuture<ApiReply> done(ApiReply reply) {
        return CompletableFuture.completedFuture(reply);
    }
}
