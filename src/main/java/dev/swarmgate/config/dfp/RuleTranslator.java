package dev.swarmgate.config.dfp;

import dev.swarmgate.config.InvalidServiceException;

/**
 * One family of Docker Flow Proxy parameters (redirects, access, authentication, rewrites, header edits,
 * compression, header routing) translated into an HTTP destination's rules and conditions. Each family checks its own
 * values and refuses a bad one with a 400 naming the parameter (and its {@code .N}), never echoing a credential.
 */
interface RuleTranslator {

    void translate(RuleContext context, DestinationParameters destination, DestinationRules into)
            throws InvalidServiceException;
}
