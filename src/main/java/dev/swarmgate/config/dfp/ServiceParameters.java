package dev.swarmgate.config.dfp;

import dev.swarmgate.config.InvalidServiceException;
import dev.swarmgate.config.Settings;

import java.util.List;
import java.util.Map;

/** Stub: Docker Flow Proxy's reconfigure parameters to a {@link ServiceRequest}. Replaced by the config work. */
public final class ServiceParameters {

    public ServiceParameters(Settings settings) {
    }

    public ServiceRequest parse(Map<String, List<String>> parameters) throws InvalidServiceException {
        throw new InvalidServiceException(400, "not implemented");
    }
}
