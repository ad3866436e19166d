package dev.swarmgate.config.dfp;

import dev.swarmgate.config.InvalidServiceException;

import java.util.Optional;

/**
 * A boolean parameter that opens or closes access ({@code denyHttp}, {@code httpsOnly}, the HTTPS redirects). DFP
 * reads an unparsable value as false, which would silently drop the protection the user asked for; Swarmgate
 * refuses it instead.
 */
final class FlagValue {

    private FlagValue() {
    }

    static boolean of(Optional<ParameterValue> given, ServiceProblem problem) throws InvalidServiceException {
        if (given.isEmpty()) {
            return false;
        }
        Optional<Boolean> parsed = GoBoolean.parse(given.get().value());
        if (parsed.isEmpty()) {
            throw problem.badRequest(given.get() + " is not a boolean; use " + given.get().name() + "=true or "
                    + given.get().name() + "=false");
        }
        return parsed.get();
    }
}
