package dev.swarmgate.admin;

import dev.swarmgate.config.InvalidServiceException;
import dev.swarmgate.config.dfp.ServiceRequest;
import dev.swarmgate.store.ChangeOutcome;
import dev.swarmgate.store.ConfigStore;
import dev.swarmgate.store.Source;
import dev.swarmgate.store.StoredService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * DFP's {@code reconfigure}, {@code remove} and {@code reload}: the endpoints that change what is served. Each
 * answers when the store's change is live; none blocks the caller's thread.
 */
final class ServiceEndpoints {

    static final String DISTRIBUTE_NOT_IMPLEMENTED = "Applied on this replica only: distribute=true fan-out to the "
            + "other proxy replicas is not implemented yet";

    private static final Logger LOG = LoggerFactory.getLogger(ServiceEndpoints.class);

    private final ServiceRequestParser parser;
    private final ConfigStore store;

    ServiceEndpoints(ServiceRequestParser parser, ConfigStore store) {
        this.parser = parser;
        this.store = store;
    }

    CompletableFuture<AdminReply> reconfigure(Map<String, List<String>> parameters) {
        String givenName = QueryParameters.firstIgnoringCase(parameters, "serviceName").orElse("");
        ServiceRequest request;
        try {
            request = parser.parse(parameters);
        } catch (InvalidServiceException e) {
            LOG.info("reconfigure serviceName={} rejected ({}): {}", givenName, e.status(), e.getMessage());
            return CompletableFuture.completedFuture(
                    AdminReply.json(e.status(), DfpResponse.nok(e.getMessage(), givenName)));
        }
        String name = request.serviceName();
        request.unsupported().forEach(sentence -> LOG.warn("reconfigure serviceName={}: {}", name, sentence));
        CompletableFuture<ChangeOutcome> change = request.spec()
                .map(spec -> store.put(new StoredService(spec, request.parameters(), Source.API)))
                .orElseGet(() -> store.remove(name));
        boolean removal = request.spec().isEmpty();
        return change.handle((outcome, failure) -> {
            if (failure != null && causeOf(failure) instanceof InvalidServiceException refused) {
                LOG.info("reconfigure serviceName={} rejected ({}): {}", name, refused.status(), refused.getMessage());
                return AdminReply.json(refused.status(),
                        new DfpResponse("NOK", refused.getMessage(), name, request.unsupported()));
            }
            if (failure != null) {
                String message = causeOf(failure).getMessage();
                LOG.info("reconfigure serviceName={} failed: {}", name, message);
                return AdminReply.json(500, new DfpResponse("NOK", message, name, request.unsupported()));
            }
            List<String> notes = new ArrayList<>();
            if (removal) {
                notes.add(outcome.changed() ? "Service removed (replicas=0)" : "Service was not configured (replicas=0)");
            }
            if (request.distribute()) {
                notes.add(DISTRIBUTE_NOT_IMPLEMENTED);
            }
            outcome.persistenceProblem().ifPresent(notes::add);
            LOG.info("reconfigure serviceName={} {} (version {})", name, removal ? "removed" : "applied",
                    outcome.version());
            return AdminReply.json(200, new DfpResponse("OK", String.join("; ", notes), name, request.unsupported()));
        });
    }

    CompletableFuture<AdminReply> remove(Map<String, List<String>> parameters) {
        var name = QueryParameters.first(parameters, "serviceName");
        if (name.isEmpty()) {
            LOG.info("remove rejected: the serviceName query is missing");
            return CompletableFuture.completedFuture(
                    AdminReply.json(400, DfpResponse.nok("The serviceName query is mandatory", "")));
        }
        String serviceName = name.get();
        boolean distribute = QueryParameters.flag(parameters, "distribute");
        return store.remove(serviceName).handle((outcome, failure) -> {
            if (failure != null) {
                String message = causeOf(failure).getMessage();
                LOG.info("remove serviceName={} failed: {}", serviceName, message);
                return AdminReply.json(500, DfpResponse.nok(message, serviceName));
            }
            List<String> notes = new ArrayList<>();
            if (!outcome.changed()) {
                notes.add("Service was not configured");
            }
            if (distribute) {
                notes.add(DISTRIBUTE_NOT_IMPLEMENTED);
            }
            outcome.persistenceProblem().ifPresent(notes::add);
            LOG.info("remove serviceName={} {} (version {})", serviceName,
                    outcome.changed() ? "removed" : "was not configured", outcome.version());
            return AdminReply.json(200, DfpResponse.ok(String.join("; ", notes), serviceName));
        });
    }

    CompletableFuture<AdminReply> reload(Map<String, List<String>> parameters) {
        boolean recreate = QueryParameters.flag(parameters, "recreate");
        boolean fromListener = QueryParameters.flag(parameters, "fromListener");
        List<String> notes = new ArrayList<>();
        if (fromListener) {
            notes.add("Listener support is not available yet: no listener was asked to resend its services");
        }
        if (!recreate) {
            if (!fromListener) {
                notes.add("Nothing to reload: configuration changes take effect without reloads");
            }
            return CompletableFuture.completedFuture(AdminReply.json(200, DfpResponse.ok(String.join("; ", notes), "")));
        }
        return store.republish().handle((outcome, failure) -> {
            if (failure != null) {
                String message = causeOf(failure).getMessage();
                LOG.warn("reload recreate=true failed: {}", message);
                return AdminReply.json(500, DfpResponse.nok(message, ""));
            }
            notes.addFirst("Configuration recreated as version " + outcome.version());
            LOG.info("reload recreate=true published version {}", outcome.version());
            return AdminReply.json(200, DfpResponse.ok(String.join("; ", notes), ""));
        });
    }

    private static Throwable causeOf(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
