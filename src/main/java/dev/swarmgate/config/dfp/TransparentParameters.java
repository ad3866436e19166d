package dev.swarmgate.config.dfp;

import dev.swarmgate.config.Destination;
import dev.swarmgate.config.InvalidServiceException;
import dev.swarmgate.config.Transparency;
import dev.swarmgate.config.TransparentProxying;

import java.util.Optional;

/**
 * Swarmgate's {@code transparent} and {@code transparentPort} destination parameters (labels
 * {@code com.df.transparent}, {@code com.df.transparentPort}): backend connections bind the client's IP address,
 * and with {@code transparentPort} its port too. A destination without {@code transparent} takes the proxy's
 * {@code TRANSPARENT} default. Where this proxy cannot bind a client's address at all, a destination asking for it
 * is refused: connecting from the proxy's own address instead would silently break what the backend relies on.
 */
final class TransparentParameters {

    private final TransparentProxying settings;
    private final ServiceProblem problem;

    TransparentParameters(TransparentProxying settings, ServiceProblem problem) {
        this.settings = settings;
        this.problem = problem;
    }

    Destination apply(DestinationParameters parameters, Destination destination) throws InvalidServiceException {
        Optional<ParameterValue> given = parameters.get("transparent");
        boolean on = FlagValue.of(given, settings.byDefault().on(), problem);
        Optional<ParameterValue> givenPort = parameters.get("transparentPort");
        boolean port = FlagValue.of(givenPort, problem);
        String name = parameters.nameOf("transparent");
        if (port && !on) {
            throw problem.badRequest(givenPort.get() + " needs " + name + "=true (got "
                    + given.map(ParameterValue::toString).orElse("no " + name + ", and TRANSPARENT is not true")
                    + "); add " + name + "=true, or drop " + givenPort.get().name());
        }
        Transparency transparency = !on ? Transparency.OFF
                : port ? Transparency.CLIENT_IP_AND_PORT : Transparency.CLIENT_IP;
        if (transparency.on() && settings.unavailable().isPresent()) {
            throw problem.badRequest((given.isPresent() ? given.get().toString() : "TRANSPARENT=true (the default of"
                    + " " + name + ")") + " cannot be served here: " + settings.unavailable().get() + "; set "
                    + name + "=false or run the proxy where it can bind a client's address");
        }
        return destination.withTransparency(transparency);
    }
}
