package dev.swarmgate.config.dfp;

import dev.swarmgate.config.InvalidServiceException;

/** Builds the errors of one service's request, each starting with {@code serviceName <name>: } as DFP users expect. */
record ServiceProblem(String serviceName) {

    InvalidServiceException badRequest(String text) {
        return new InvalidServiceException(400, prefixed(text));
    }

    InvalidServiceException conflict(String text) {
        return new InvalidServiceException(409, prefixed(text));
    }

    private String prefixed(String text) {
        return "serviceName " + serviceName + ": " + text;
    }
}
