package dev.swarmgate.routing;

import dev.swarmgate.config.Destination;
import dev.swarmgate.config.ServiceSpec;

import java.util.Comparator;

/**
 * Docker Flow Proxy's service order (its {@code Services.Less}): services with a {@code /.well-known} path first,
 * services with the path {@code /} last, otherwise ascending byte-wise {@code aclName}. There is deliberately no
 * longest-path-first rule; users steer priority through {@code aclName}.
 */
final class RuleOrder implements Comparator<ServiceSpec> {

    static final RuleOrder INSTANCE = new RuleOrder();

    private static final String WELL_KNOWN = "/.well-known";

    private RuleOrder() {
    }

    @Override
    public int compare(ServiceSpec a, ServiceSpec b) {
        boolean aWellKnown = hasWellKnownPath(a);
        if (aWellKnown != hasWellKnownPath(b)) {
            return aWellKnown ? -1 : 1;
        }
        boolean aRoot = hasRootPath(a);
        if (aRoot != hasRootPath(b)) {
            return aRoot ? 1 : -1;
        }
        int byAcl = compareUtf8(a.aclName(), b.aclName());
        return byAcl != 0 ? byAcl : compareUtf8(a.name(), b.name());
    }

    static boolean hasWellKnownPath(ServiceSpec service) {
        for (Destination destination : service.destinations()) {
            for (String path : destination.paths()) {
                if (path.regionMatches(true, 0, WELL_KNOWN, 0, WELL_KNOWN.length())) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean hasRootPath(ServiceSpec service) {
        for (Destination destination : service.destinations()) {
            if (destination.paths().contains("/")) {
                return true;
            }
        }
        return false;
    }

    /** Go compares strings byte by byte in UTF-8, which is code point order (String.compareTo is UTF-16 order). */
    static int compareUtf8(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
