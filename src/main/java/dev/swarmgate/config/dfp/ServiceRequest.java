package dev.swarmgate.config.dfp;

import dev.swarmgate.config.ServiceSpec;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed reconfigure request (from the API, a label set, an env service or a listener).
 *
 * @param spec        the service to apply; empty when the request removes it ({@code replicas=0})
 * @param distribute  DFP's {@code distribute} flag (fan out to every replica)
 * @param unsupported one sentence per accepted-but-ignored parameter, saying why it is ignored
 * @param parameters  the request's parameters as received, kept so the service can be persisted and re-parsed
 * @param filteredOut why this proxy leaves the service alone ({@code FILTER_PROXY_INSTANCE_NAME}: it is another
 *                    proxy instance's); then {@code spec} is empty and means "change nothing", not "remove"
 */
public record ServiceRequest(String serviceName, Optional<ServiceSpec> spec, boolean distribute,
                             List<String> unsupported, Map<String, List<String>> parameters,
                             Optional<String> filteredOut) {

    public ServiceRequest {
        unsupported = List.copyOf(unsupported);
        parameters = Map.copyOf(parameters);
    }

    /** A request this proxy applies. */
    public ServiceRequest(String serviceName, Optional<ServiceSpec> spec, boolean distribute,
                          List<String> unsupported, Map<String, List<String>> parameters) {
        this(serviceName, spec, distribute, unsupported, parameters, Optional.empty());
    }
}
