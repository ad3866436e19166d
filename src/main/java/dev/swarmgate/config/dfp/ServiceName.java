package dev.swarmgate.config.dfp;

import dev.swarmgate.config.InvalidServiceException;

/**
 * What a service name may hold, wherever one arrives (reconfigure and remove requests, listener notifications, swarm
 * labels, {@code DFP_SERVICE_*}): printable text. A name goes into log lines, error messages and file names, and a
 * line break or escape in it could forge a log line; no Swarm service name has one.
 */
public final class ServiceName {

    private ServiceName() {
    }

    /**
     * @throws InvalidServiceException (400) naming the first control character and its position, not the name, for
     *                                 the same reason
     */
    public static void requirePrintable(String serviceName) throws InvalidServiceException {
        requirePrintable("serviceName", serviceName, "use the Swarm service's name, which is printable text (letters,"
                + " digits, '-', '_', '.')");
    }

    /**
     * The same rule for another name that reaches logs and the rule order ({@code aclName}).
     *
     * @throws InvalidServiceException (400) naming the parameter, the first control character and its position
     */
    static void requirePrintable(String parameter, String value, String fix) throws InvalidServiceException {
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                throw new InvalidServiceException(400, String.format("%s has a control character (U+%04X) at"
                        + " position %d; %s", parameter, c, value.codePointCount(0, i) + 1, fix));
            }
            i += Character.charCount(c);
        }
    }
}
