package dev.swarmgate.config.dfp;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * A swarm service's labels turned into the parameters Docker Flow Swarm Listener sends to the proxy: every
 * {@code com.df.<key>=<value>} label becomes {@code <key>=<value>} (except the notify label), then
 * {@code serviceName} is the swarm name (without its {@code <stack>_} prefix when {@code com.df.shortName=true}),
 * {@code replicas} the replica count of a replicated service, and {@code distribute=true} unless a label sets it.
 * The proxy parses the result with the same {@link ServiceParameters} as a reconfigure request.
 */
public final class ServiceLabels {

    private static final String PREFIX = "com.df.";
    private static final String STACK_NAMESPACE = "com.docker.stack.namespace";

    private ServiceLabels() {
    }

    /**
     * The parameters of a create (or update) notification.
     *
     * @param swarmName the service's name in the swarm
     * @param replicas  the wanted replica count of a replicated service; empty for a global one
     */
    public static Map<String, String> createParameters(String swarmName, Map<String, String> labels,
                                                       NotifyLabel notify, OptionalLong replicas) {
        TreeMap<String, String> parameters = removeParameters(swarmName, labels, notify);
        replicas.ifPresent(count -> parameters.put("replicas", Long.toString(count)));
        return parameters;
    }

    /** The parameters of a remove notification: the labels, {@code serviceName} and {@code distribute}. */
    public static TreeMap<String, String> removeParameters(String swarmName, Map<String, String> labels,
                                                           NotifyLabel notify) {
        TreeMap<String, String> parameters = new TreeMap<>();
        labels.forEach((key, value) -> {
            if (key.startsWith(PREFIX) && !key.equals(notify.key()) && key.length() > PREFIX.length()) {
                parameters.put(key.substring(PREFIX.length()), value);
            }
        });
        parameters.put("serviceName", serviceName(swarmName, labels));
        parameters.putIfAbsent("distribute", "true");
        return parameters;
    }

    /** The name the proxy knows the service by: the swarm name, short when {@code com.df.shortName=true}. */
    public static String serviceName(String swarmName, Map<String, String> labels) {
        String stack = labels.get(STACK_NAMESPACE);
        boolean shortName = GoBoolean.isTrue(labels.getOrDefault(PREFIX + "shortName", "false"));
        if (shortName && stack != null && swarmName.startsWith(stack + "_")) {
            return swarmName.substring(stack.length() + 1);
        }
        return swarmName;
    }

    /** The single-valued parameters in the multi-valued shape {@link ServiceParameters#parse} reads. */
    public static Map<String, List<String>> asRequest(Map<String, String> parameters) {
        TreeMap<String, List<String>> request = new TreeMap<>();
        parameters.forEach((key, value) -> request.put(key, List.of(value)));
        return request;
    }
}
