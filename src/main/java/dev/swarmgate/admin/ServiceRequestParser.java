package dev.swarmgate.admin;

import dev.swarmgate.config.InvalidServiceException;
import dev.swarmgate.config.dfp.ServiceRequest;

import java.util.List;
import java.util.Map;

/** Turns reconfigure query parameters into a request; in production {@code ServiceParameters::parse}. */
@FunctionalInterface
public interface ServiceRequestParser {

    ServiceRequest parse(Map<String, List<String>> parameters) throws InvalidServiceException;
}
