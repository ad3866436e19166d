package dev.swarmgate.config.dfp;

/**
 * What Swarmgate does with one DFP parameter it does not implement: the parameter, where it lives, whether it is a
 * flag (then only a true value asks for something) and the reason given to the user.
 */
record ParameterRule(String parameter, ParameterLevel level, boolean flag, String reason) {
}
