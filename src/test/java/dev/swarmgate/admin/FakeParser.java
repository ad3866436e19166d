package dev.swarmgate.admin;

import dev.swarmgate.config.Destination;
import dev.swarmgate.config.DomainMatch;
import dev.swarmgate.config.InvalidServiceException;
import dev.swarmgate.config.PathType;
import dev.swarmgate.config.ReqMode;
import dev.swarmgate.config.ServiceSpec;
import dev.swarmgate.config.dfp.ServiceRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Just enough of DFP's parameter rules to exercise the admin API while the real parser is being written: serviceName
 * mandatory, servicePath+port make one destination, replicas=0 removes, {@code sslVerifyNone} is "unsupported".
 */
final class FakeParser implements ServiceRequestParser {

    @Override
    public ServiceRequest parse(Map<String, List<String>> parameters) throws InvalidServiceException {
        String name = value(parameters, "serviceName");
        if (name == null) {
            throw new InvalidServiceException(400, "serviceName parameter is mandatory.");
        }
        String path = value(parameters, "servicePath");
        if (path == null) {
            throw new InvalidServiceException(409, "When using reqMode http, servicePath or serviceDomain are mandatory");
        }
        List<String> unsupported = new ArrayList<>();
        if (value(parameters, "sslVerifyNone") != null) {
            unsupported.add("sslVerifyNone is ignored: backends are reached over plain HTTP");
        }
        boolean distribute = "true".equals(value(parameters, "distribute"));
        Optional<ServiceSpec> spec = Optional.of(new ServiceSpec(name, name, List.of(new Destination(0, ReqMode.HTTP,
                List.of(path), PathType.PREFIX, List.of(), List.of(), DomainMatch.PREFIX, 0,
                Integer.parseInt(value(parameters, "port")), Optional.empty(), Optional.empty())), false));
        if ("0".equals(value(parameters, "replicas"))) {
            spec = Optional.empty();
        }
        return new ServiceRequest(name, spec, distribute, unsupported, parameters);
    }

    private static String value(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}
