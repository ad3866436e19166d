package dev.swarmgate.config.dfp;

import dev.swarmgate.config.AuthExemption;
import dev.swarmgate.config.InvalidServiceException;

import java.util.Optional;

/**
 * {@code users}, {@code usersSecret}, {@code usersPassEncrypted} (service level, see {@link ServiceUsers}) and
 * {@code ignoreAuthorization(.N)}: the destination asks for its service's users, or is exempt from them and from the
 * global {@code USERS}. The users are checked even on an exempt destination, so a bad hash is refused wherever it is.
 */
final class AuthenticationParameters implements RuleTranslator {

    @Override
    public void translate(RuleContext context, DestinationParameters destination, DestinationRules into)
            throws InvalidServiceException {
        var users = ServiceUsers.of(context);
        if (exempt(context, destination)) {
            into.add(new AuthExemption());
        } else {
            users.ifPresent(into::add);
        }
    }

    private static boolean exempt(RuleContext context, DestinationParameters destination)
            throws InvalidServiceException {
        Optional<ParameterValue> given = destination.get("ignoreAuthorization");
        if (given.isEmpty()) {
            return false;
        }
        Optional<Boolean> flag = GoBoolean.parse(given.get().value().strip());
        if (flag.isEmpty()) {
            throw context.problem().badRequest(given.get() + " is not valid; expected true (no authentication on"
                    + " this destination) or false");
        }
        return flag.get();
    }
}
