package dev.swarmgate.config.dfp;

/**
 * What is wrong with one item of a rule parameter, worded to follow the parameter's name ({@code "addReqHeader: "
 * + message}); the translator that caught it adds the name and the service. Messages never repeat a whole header
 * value, which may carry a credential.
 */
final class RuleValueException extends Exception {

    RuleValueException(String message) {
        super(message, null, false, false);
    }
}
