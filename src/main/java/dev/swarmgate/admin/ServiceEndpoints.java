package dev.swarmgate.admin;

import dev.swarmgate.config.InvalidServiceException;
import dev.swarmgate.config.dfp.ServiceName;
import dev.swarmgate.config.dfp.ServiceRequest;
import dev.swarmgate.httpapi.ApiReply;
import dev.swarmgate.httpapi.RequestTarget;
import dev.swarmgate.store.ChangeOutcome;
import dev.swarmgate.store.ConfigStore;
import dev.swarmgate.store.ReconfigureJournal;
import dev.swarmgate.store.ReconfigureJournal.Outcome;
import dev.swarmgate.store.Source;
import dev.swarmgate.store.StoredService;
import dev.swarmgate.sync.DistributionFailure;
import dev.swarmgate.sync.ListenerSync;
import dev.swarmgate.sync.ReplicaFanOut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;

/**
 * DFP's {@code reconfigure}, {@code remove} and {@code reload}: the endpoints that change what is served. Each
 * answers when the store's change is live (or, with {@code distribute=true}, when every replica answered); none
 * blocks the caller's thread.
 */
final class ServiceEndpoints {

    /** DFP's message for a successful fan-out. */
    static final String DISTRIBUTED = "Distributed to all instances";

    private static final Logger LOG = LoggerFactory.getLogger(ServiceEndpoints.class);

    private final ServiceRequestParser parser;
    private final ConfigStore store;
    private final ListenerSync listeners;
    private final ReplicaFanOut replicas;
    private final RedundantNotifications redundant;
    private final ReconfigureJournal journal;

    /**
     * @param swarmMarks whether a marked swarm service goes by a name (for {@link RedundantNotifications})
     * @param journal    records each reconfigure and remove this replica applied or refused; a request with
     *                   {@code distribute=true} is recorded when it comes back from the fan-out, not twice
     */
    ServiceEndpoints(ServiceRequestParser parser, ConfigStore store, ListenerSync listeners, ReplicaFanOut replicas,
                     Predicate<String> swarmMarks, ReconfigureJournal journal) {
        this.parser = parser;
        this.store = store;
        this.listeners = listeners;
        this.replicas = replicas;
        this.redundant = new RedundantNotifications(store, swarmMarks);
        this.journal = journal;
    }

    CompletableFuture<ApiReply> reconfigure(Map<String, List<String>> parameters, AdminRequest received) {
        String givenName = QueryParameters.firstIgnoringCase(parameters, "serviceName").orElse("");
        // Before parsing and before any fan-out: the swarm's labels define this service here (a listener's echo).
        Optional<ApiReply> fromSwarm = redundant.acknowledge("reconfigure", givenName);
        if (fromSwarm.isPresent()) {
            return CompletableFuture.completedFuture(fromSwarm.get());
        }
        ServiceRequest request;
        try {
            request = parser.parse(parameters);
        } catch (InvalidServiceException e) {
            LOG.info("reconfigure serviceName={} rejected ({}): {}", givenName, e.status(), e.getMessage());
            journal.record(Source.API, givenName, Outcome.REJECTED, e.getMessage());
            return CompletableFuture.completedFuture(
                    ApiReply.json(e.status(), DfpResponse.nok(e.getMessage(), givenName)));
        }
        String name = request.serviceName();
        request.unsupported().forEach(sentence -> LOG.warn("reconfigure serviceName={}: {}", name, sentence));
        if (request.distribute()) {
            // As DFP: validated here, applied by every replica (this one included) through the fan-out.
            return distribute("reconfigure", received, name, request.unsupported());
        }
        if (request.filteredOut().isPresent()) {
            // As DFP: another proxy instance's service is a success that changes nothing.
            LOG.info("reconfigure serviceName={} filtered: {}", name, request.filteredOut().get());
            return CompletableFuture.completedFuture(
                    ApiReply.json(200, DfpResponse.ok(request.filteredOut().get(), name)));
        }
        CompletableFuture<ChangeOutcome> change = request.spec()
                .map(spec -> store.put(new StoredService(spec, request.parameters(), Source.API)))
                .orElseGet(() -> store.remove(name));
        boolean removal = request.spec().isEmpty();
        return change.handle((outcome, failure) -> {
            if (failure != null && causeOf(failure) instanceof InvalidServiceException refused) {
                LOG.info("reconfigure serviceName={} rejected ({}): {}", name, refused.status(), refused.getMessage());
                journal.record(Source.API, name, Outcome.REJECTED, refused.getMessage());
                return ApiReply.json(refused.status(),
                        new DfpResponse("NOK", refused.getMessage(), name, request.unsupported()));
            }
            if (failure != null) {
                String message = causeOf(failure).getMessage();
                LOG.info("reconfigure serviceName={} failed: {}", name, message);
                journal.record(Source.API, name, Outcome.REJECTED, message);
                return ApiReply.json(500, new DfpResponse("NOK", message, name, request.unsupported()));
            }
            List<String> notes = new ArrayList<>();
            if (removal) {
                notes.add(outcome.changed() ? "Service removed (replicas=0)" : "Service was not configured (replicas=0)");
            }
            outcome.persistenceProblem().ifPresent(notes::add);
            LOG.info("reconfigure serviceName={} {} (version {})", name, removal ? "removed" : "applied",
                    outcome.version());
            if (request.unsupported().isEmpty()) {
                journal.record(Source.API, name, Outcome.APPLIED, String.join("; ", notes));
            } else {
                journal.record(Source.API, name, Outcome.PARTLY_IGNORED, String.join("; ", request.unsupported()));
            }
            return ApiReply.json(200, new DfpResponse("OK", String.join("; ", notes), name, request.unsupported()));
        });
    }

    CompletableFuture<ApiReply> remove(Map<String, List<String>> parameters, AdminRequest received) {
        var name = QueryParameters.first(parameters, "serviceName");
        if (name.isEmpty()) {
            LOG.info("remove rejected: the serviceName query is missing");
            journal.record(Source.API, "", Outcome.REJECTED, "remove: the serviceName query is mandatory");
            return CompletableFuture.completedFuture(
                    ApiReply.json(400, DfpResponse.nok("The serviceName query is mandatory", "")));
        }
        String serviceName = name.get();
        try {
            ServiceName.requirePrintable(serviceName);
        } catch (InvalidServiceException e) {
            LOG.info("remove rejected: {}", e.getMessage());
            journal.record(Source.API, "", Outcome.REJECTED, "remove: " + e.getMessage());
            return CompletableFuture.completedFuture(ApiReply.json(e.status(), DfpResponse.nok(e.getMessage(), "")));
        }
        Optional<ApiReply> fromSwarm = redundant.acknowledge("remove", serviceName);
        if (fromSwarm.isPresent()) {
            return CompletableFuture.completedFuture(fromSwarm.get());
        }
        if (QueryParameters.flag(parameters, "distribute")) {
            return distribute("remove", received, serviceName, List.of());
        }
        return store.remove(serviceName).handle((outcome, failure) -> {
            if (failure != null) {
                String message = causeOf(failure).getMessage();
                LOG.info("remove serviceName={} failed: {}", serviceName, message);
                journal.record(Source.API, serviceName, Outcome.REJECTED, "remove: " + message);
                return ApiReply.json(500, DfpResponse.nok(message, serviceName));
            }
            List<String> notes = new ArrayList<>();
            if (!outcome.changed()) {
                notes.add("Service was not configured");
            }
            outcome.persistenceProblem().ifPresent(notes::add);
            LOG.info("remove serviceName={} {} (version {})", serviceName,
                    outcome.changed() ? "removed" : "was not configured", outcome.version());
            journal.record(Source.API, serviceName, Outcome.APPLIED,
                    outcome.changed() ? "removed" : "remove: the service was not configured");
            return ApiReply.json(200, DfpResponse.ok(String.join("; ", notes), serviceName));
        });
    }

    CompletableFuture<ApiReply> reload(Map<String, List<String>> parameters) {
        if (QueryParameters.flag(parameters, "fromListener")) {
            // As DFP: fromListener asks the listeners to resend everything, and does nothing else.
            return fromListener();
        }
        if (!QueryParameters.flag(parameters, "recreate")) {
            return CompletableFuture.completedFuture(ApiReply.json(200, DfpResponse.ok(
                    "Nothing to reload: configuration changes take effect without reloads", "")));
        }
        return store.republish().handle((outcome, failure) -> {
            if (failure != null) {
                String message = causeOf(failure).getMessage();
                LOG.warn("reload recreate=true failed: {}", message);
                return ApiReply.json(500, DfpResponse.nok(message, ""));
            }
            LOG.info("reload recreate=true published version {}", outcome.version());
            return ApiReply.json(200, DfpResponse.ok("Configuration recreated as version " + outcome.version(), ""));
        });
    }

    private CompletableFuture<ApiReply> fromListener() {
        if (listeners.listeners().isEmpty()) {
            return CompletableFuture.completedFuture(ApiReply.json(200, DfpResponse.ok(
                    "LISTENER_ADDRESS is not set, so no Swarm listener was asked to resend its services", "")));
        }
        return listeners.notifyServices().thenApply(failures -> {
            if (!failures.isEmpty()) {
                String message = String.join("; ", failures);
                LOG.warn("reload fromListener=true failed: {}", message);
                return ApiReply.json(500, DfpResponse.nok(message, ""));
            }
            LOG.info("reload fromListener=true: Swarm listeners {} will resend their services", listeners.listeners());
            return ApiReply.json(200, DfpResponse.ok("Asked Swarm listener(s) " + listeners.listeners()
                    + " to resend their services; they arrive as reconfigure requests", ""));
        });
    }

    /** Sends the request on to every replica; 200 with DFP's message when all applied it, else 500 naming failures. */
    private CompletableFuture<ApiReply> distribute(String endpoint, AdminRequest received, String serviceName,
                                                     List<String> unsupported) {
        RequestTarget uri = RequestTarget.parse(received.uri());
        return replicas.distribute(received.method(), uri.path(), uri.parameters(), received.body(),
                received.authorization()).thenApply(problem -> {
            if (problem.isPresent()) {
                DistributionFailure failure = problem.get();
                LOG.warn("{} serviceName={} distribute=true failed ({}): {}", endpoint, serviceName, failure.status(),
                        failure.message());
                return ApiReply.json(failure.status(),
                        new DfpResponse("NOK", failure.message(), serviceName, unsupported));
            }
            LOG.info("{} serviceName={} distributed to every replica", endpoint, serviceName);
            return ApiReply.json(200, new DfpResponse("OK", DISTRIBUTED, serviceName, unsupported));
        });
    }

    private static Throwable causeOf(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
