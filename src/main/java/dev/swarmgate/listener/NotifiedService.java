package dev.swarmgate.listener;

import dev.swarmgate.config.dfp.NotifyLabel;
import dev.swarmgate.config.dfp.ServiceLabels;
import dev.swarmgate.docker.SwarmService;

import java.util.Map;
import java.util.OptionalLong;

/**
 * What the listener tells the proxies about one marked service: its create and remove parameters (dfp-compat §5.3)
 * and the image, which together decide whether a change is worth a notification. DFSL compares id, name, kept
 * labels, the global flag, the replica count and the image: all but the id and the image are in the create
 * parameters, and the id is the key.
 *
 * @param serviceName the name the proxy knows it by (the {@code serviceName} parameter)
 */
record NotifiedService(String id, String serviceName, Map<String, String> createParameters,
                       Map<String, String> removeParameters, String image) {

    NotifiedService {
        createParameters = Map.copyOf(createParameters);
        removeParameters = Map.copyOf(removeParameters);
    }

    /**
     * @param namePrefix {@code DF_SERVICE_NAME_PREFIX}: as in DFSL it is put before the swarm name
     *                   ({@code <prefix>_<name>}) before anything else looks at the name
     */
    static NotifiedService of(SwarmService service, NotifyLabel notifyLabel, String namePrefix) {
        String name = namePrefix.isEmpty() ? service.name() : namePrefix + "_" + service.name();
        // DFSL sends replicas for every service that is not global (a job's count is 0).
        OptionalLong replicas = service.mode() == SwarmService.Mode.GLOBAL ? OptionalLong.empty()
                : OptionalLong.of(service.replicas());
        Map<String, String> create = ServiceLabels.createParameters(name, service.labels(), notifyLabel, replicas);
        Map<String, String> remove = ServiceLabels.removeParameters(name, service.labels(), notifyLabel);
        return new NotifiedService(service.id(), create.get("serviceName"), create, remove, service.image());
    }

    /** Whether the proxies would need to hear about the change from {@code before} to this. */
    boolean differsFrom(NotifiedService before) {
        return !createParameters.equals(before.createParameters) || !image.equals(before.image);
    }

    Notification created() {
        return new Notification(Notification.Kind.CREATE, id, serviceName, createParameters);
    }

    Notification removed() {
        return new Notification(Notification.Kind.REMOVE, id, serviceName, removeParameters);
    }
}
