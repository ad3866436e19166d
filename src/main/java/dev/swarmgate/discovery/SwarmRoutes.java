package dev.swarmgate.discovery;

import dev.swarmgate.config.InvalidServiceException;
import dev.swarmgate.config.dfp.LabelWording;
import dev.swarmgate.config.dfp.NotifyLabel;
import dev.swarmgate.config.dfp.ServiceLabels;
import dev.swarmgate.config.dfp.ServiceParameters;
import dev.swarmgate.config.dfp.ServiceRequest;
import dev.swarmgate.docker.SwarmService;
import dev.swarmgate.store.ConfigStore;
import dev.swarmgate.store.ReconfigureJournal;
import dev.swarmgate.store.ReconfigureJournal.Outcome;
import dev.swarmgate.store.Source;
import dev.swarmgate.store.StoredService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The proxy's side of watching the swarm: marked services become routes, through the same labels-to-parameters
 * translation as Docker Flow Swarm Listener and the same parser as the reconfigure API, and the task addresses of
 * those services become their endpoints. The whole set of swarm services is handed to the store at once, so a burst of
 * changes is one publication and an unchanged listing is none. A service whose labels cannot be applied is left out
 * with the parser's message in the labels' words ({@code com.df.port=abc}), logged once per distinct set of labels;
 * its last valid version keeps serving, and every other service is unaffected. A service whose labels no longer mark
 * it, or that is scaled to zero, loses its route.
 */
public final class SwarmRoutes implements SwarmObserver {

    private static final Logger LOG = LoggerFactory.getLogger(SwarmRoutes.class);

    private final ServiceParameters parser;
    private final ConfigStore store;
    private final NotifyLabel notifyLabel;
    private final Consumer<Map<String, List<InetAddress>>> endpoints;
    /** Last parse per swarm service id: its parameters and the result, so unchanged labels are not parsed again. */
    private final Map<String, Parsed> parsed = new HashMap<>();
    /** Proxy service name of each swarm service name, for the endpoint book (they differ with shortName). */
    private volatile Map<String, String> routedNames = Map.of();
    private final CompletableFuture<Void> firstApplied = new CompletableFuture<>();
    private final ReconfigureJournal journal;

    private record Parsed(Map<String, String> parameters, StoredService service) {
    }

    /**
     * @param endpoints receives the running task addresses by the service names routes use
     */
    public SwarmRoutes(ServiceParameters parser, ConfigStore store, NotifyLabel notifyLabel,
                       Consumer<Map<String, List<InetAddress>>> endpoints) {
        this(parser, store, notifyLabel, endpoints, new ReconfigureJournal());
    }

    /**
     * @param journal records each service's labels when they are parsed: applied, partly ignored or rejected (once
     *                per distinct set of labels, as they are parsed)
     */
    public SwarmRoutes(ServiceParameters parser, ConfigStore store, NotifyLabel notifyLabel,
                       Consumer<Map<String, List<InetAddress>>> endpoints, ReconfigureJournal journal) {
        this.parser = parser;
        this.store = store;
        this.notifyLabel = notifyLabel;
        this.endpoints = endpoints;
        this.journal = journal;
    }

    @Override
    public void servicesChanged(List<SwarmService> marked) {
        List<StoredService> routed = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        Map<String, Parsed> seen = new HashMap<>();
        for (SwarmService service : marked) {
            Parsed result = parse(service);
            seen.put(service.id(), result);
            if (result.service() != null) {
                routed.add(result.service());
                names.put(service.name(), result.service().name());
            }
        }
        parsed.keySet().retainAll(seen.keySet());
        parsed.putAll(seen);
        routedNames = Map.copyOf(names);
        store.replaceSource(Source.SWARM, routed).whenComplete((outcome, failure) -> {
            firstApplied.complete(null);
            // What changed is logged by the store, as for every source.
            if (failure != null) {
                LOG.error("Swarm services could not be applied: {}", failure.getMessage());
            }
        });
    }

    /** Completes when the swarm's services were first handed to the store and that change was put into effect. */
    public CompletableFuture<Void> firstApplied() {
        return firstApplied;
    }

    private Parsed parse(SwarmService service) {
        OptionalLong replicas = service.mode() == SwarmService.Mode.REPLICATED
                ? OptionalLong.of(service.replicas()) : OptionalLong.empty();
        Map<String, String> parameters = ServiceLabels.createParameters(service.name(), service.labels(),
                notifyLabel, replicas);
        Parsed before = parsed.get(service.id());
        if (before != null && before.parameters().equals(parameters)) {
            return before;
        }
        try {
            ServiceRequest request = parser.parse(ServiceLabels.asRequest(parameters));
            List<String> ignored = request.unsupported().stream().map(LabelWording::of).toList();
            ignored.forEach(sentence -> LOG.warn("Swarm service {}: {}", service.name(), sentence));
            if (request.spec().isEmpty()) {
                LOG.info("Swarm service {} is not routed: {}", service.name(),
                        request.filteredOut().map(LabelWording::of).orElse("it has no replicas"));
                if (request.filteredOut().isEmpty()) {
                    journal.record(Source.SWARM, service.name(), Outcome.APPLIED, "not routed: it has no replicas");
                }
                return new Parsed(parameters, null);
            }
            journal.record(Source.SWARM, service.name(), ignored.isEmpty() ? Outcome.APPLIED : Outcome.PARTLY_IGNORED,
                    String.join("; ", ignored));
            return new Parsed(parameters, new StoredService(request.spec().get(),
                    ServiceLabels.asRequest(parameters), Source.SWARM));
        } catch (InvalidServiceException e) {
            StoredService lastGood = before == null ? null : before.service();
            // The reason says itself whether a label is not valid or asks for what is not supported.
            String reason = LabelWording.of(withoutServicePrefix(e.getMessage(), parameters.get("serviceName")));
            journal.record(Source.SWARM, service.name(), Outcome.REJECTED, reason);
            if (e.status() == 409) {
                LOG.info("Swarm service {} is not routed: {}", service.name(), reason);
                lastGood = null; // nothing to route, as DFP's 409 means: not an error
            } else if (lastGood == null) {
                LOG.error("Swarm service {} is not routed: {}", service.name(), reason);
            } else {
                LOG.error("Swarm service {} keeps its previous route, as its labels now cannot be applied: {}",
                        service.name(), reason);
            }
            return new Parsed(parameters, lastGood);
        }
    }

    /** The parser starts each message with {@code serviceName <name>: }, which the log line already says. */
    private static String withoutServicePrefix(String message, String serviceName) {
        String prefix = "serviceName " + serviceName + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    @Override
    public void tasksChanged(Map<String, List<InetAddress>> addressesByService) {
        Map<String, String> names = routedNames;
        Map<String, List<InetAddress>> byRouteName = new HashMap<>(addressesByService);
        names.forEach((swarmName, routeName) -> {
            List<InetAddress> addresses = addressesByService.get(swarmName);
            if (addresses != null && !routeName.equals(swarmName)) {
                byRouteName.put(routeName, addresses);
            }
        });
        endpoints.accept(byRouteName);
    }
}
