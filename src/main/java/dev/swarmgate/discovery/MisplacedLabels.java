package dev.swarmgate.discovery;

import dev.swarmgate.config.dfp.NotifyLabel;
import dev.swarmgate.docker.SwarmService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Routing labels put on a service's containers instead of on the service: a stack file's service-level
 * {@code labels:} where {@code deploy: labels:} was meant, or {@code docker service create --container-label} for
 * {@code --label}. Docker Flow Proxy and this proxy read service labels only, so such a service is silently not
 * routed (or routed without those labels). Each is logged at WARN once per service and set of misplaced labels,
 * naming the labels (never their values, which may hold passwords) and the fix. It reads the full service listing
 * the watcher makes anyway, so it costs no request to the engine.
 */
public final class MisplacedLabels implements SwarmObserver {

    private static final Logger LOG = LoggerFactory.getLogger(MisplacedLabels.class);
    private static final String PREFIX = "com.df.";

    private final NotifyLabel notifyLabel;
    /** The misplaced labels last warned about, by service id; touched only on the watcher's thread. */
    private final Map<String, List<String>> warnedById = new HashMap<>();

    public MisplacedLabels(NotifyLabel notifyLabel) {
        this.notifyLabel = notifyLabel;
    }

    @Override
    public void servicesListed(List<SwarmService> all) {
        Map<String, List<String>> now = new HashMap<>();
        for (SwarmService service : all) {
            List<String> misplaced = misplaced(service);
            if (misplaced.isEmpty()) {
                continue;
            }
            now.put(service.id(), misplaced);
            if (!misplaced.equals(warnedById.get(service.id()))) {
                LOG.warn("{}", warning(service, misplaced));
            }
        }
        warnedById.clear();
        warnedById.putAll(now);
    }

    /**
     * The container labels of a service that look like routing configuration and are not also service labels,
     * sorted; empty when there are none.
     */
    List<String> misplaced(SwarmService service) {
        return service.containerLabels().keySet().stream()
                .filter(key -> key.startsWith(PREFIX) || key.equals(notifyLabel.key()))
                .filter(key -> !service.labels().containsKey(key))
                .collect(Collectors.toCollection(TreeSet::new)).stream().toList();
    }

    private String warning(SwarmService service, List<String> misplaced) {
        String name = service.name();
        boolean marked = notifyLabel.marks(service.labels());
        String effect = marked
                ? "the proxy reads service labels only, so it routes " + name + " without them"
                : "the proxy reads service labels only, so it does not route " + name
                + (misplaced.contains(notifyLabel.key()) ? "" : " (its service labels lack " + notifyLabel + ")");
        String labelAdds = misplaced.stream().map(key -> "--label-add " + key + "=" + (key.equals(notifyLabel.key())
                        ? (notifyLabel.value().isEmpty() ? "true" : notifyLabel.value()) : "<value>"))
                .collect(Collectors.joining(" "));
        return "Swarm service " + name + " has " + String.join(", ", misplaced) + " as container labels, not service"
                + " labels: " + effect + ". Move them to the service: in a stack file under the service's deploy:"
                + " labels: (not its labels:), or docker service update " + labelAdds + " " + name
                + " (docker service create --label, not --container-label).";
    }
}
