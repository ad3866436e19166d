package dev.swarmgate.config.dfp;

import dev.swarmgate.config.InvalidServiceException;

import java.util.Optional;

/**
 * A boolean parameter ({@code healthCheck}, {@code denyHttp}, {@code distribute}, ...), spelled as Go's
 * {@code strconv.ParseBool} accepts it. DFP read any other value as false, which silently dropped what the user
 * asked for ({@code healthCheck=/health} ran no probe, {@code denyHttp=yes} no protection); Swarmgate refuses it
 * with the fix instead. A blank value counts as absent, as in DFP.
 */
final class FlagValue {

    private FlagValue() {
    }

    /** The flag of a destination-level parameter, false when absent. */
    static boolean of(Optional<ParameterValue> given, ServiceProblem problem) throws InvalidServiceException {
        return of(given, false, problem);
    }

    /** The flag of a destination-level parameter, {@code absent} when it is not given. */
    static boolean of(Optional<ParameterValue> given, boolean absent, ServiceProblem problem)
            throws InvalidServiceException {
        if (given.isEmpty()) {
            return absent;
        }
        return parse(given.get(), problem);
    }

    /** The flag of a service-level parameter (any letter case), false when absent. */
    static boolean service(ParameterView view, String name, ServiceProblem problem) throws InvalidServiceException {
        Optional<String> given = view.service(name);
        return given.isPresent() && parse(new ParameterValue(name, given.get()), problem);
    }

    static boolean parse(ParameterValue given, ServiceProblem problem) throws InvalidServiceException {
        Optional<Boolean> parsed = GoBoolean.parse(given.value().strip());
        if (parsed.isEmpty()) {
            throw problem.badRequest(notBoolean(given));
        }
        return parsed.get();
    }

    /** Why a value is not a flag and what to write instead; a path given to healthCheck belongs in healthCheckPath. */
    static String notBoolean(ParameterValue given) {
        String name = given.name();
        if (baseName(name).equals("healthCheck") && given.value().strip().startsWith("/")) {
            String pathName = "healthCheckPath" + name.substring("healthCheck".length());
            return given + " is not a boolean: " + name + " turns health checks on or off, and the path goes in "
                    + pathName + "; use " + name + "=true&" + pathName + "=" + given.value().strip();
        }
        return given + " is not a boolean; use " + name + "=true or " + name + "=false (also accepted: 1, t, TRUE,"
                + " True, 0, f, FALSE, False)";
    }

    private static String baseName(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }
}
