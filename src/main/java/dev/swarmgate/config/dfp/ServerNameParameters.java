package dev.swarmgate.config.dfp;

import dev.swarmgate.config.InvalidServiceException;
import dev.swarmgate.config.ServerNameMatch;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The server names a {@code reqMode=sni} destination takes: Docker Flow Proxy put them in {@code servicePath} and
 * pasted {@code pathType} into an HAProxy ACL ({@code acl sni_... <pathType> <servicePath...>}), so users wrote HAProxy
 * words there, e.g. {@code req_ssl_sni -i -m beg}. Those words are read here; anything that is not an SNI fetch with
 * a match method Swarmgate has is refused with the forms it accepts, because an ACL that never matched in DFP (such
 * as the {@code path_beg} DFP filled in when pathType was absent) would be a silently dead route.
 */
final class ServerNameParameters {

    static final String ACCEPTED = "req_ssl_sni (exact name), req_ssl_sni -m beg (prefix), -m end (suffix),"
            + " -m sub (contains), -m dom (whole labels), -m reg (regular expression) or -m str (exact), with or"
            + " without -i (names are always compared case-insensitively); req.ssl_sni is accepted for req_ssl_sni";

    private static final List<String> FETCHES = List.of("req_ssl_sni", "req.ssl_sni");
    private static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z0-9._-]+");

    private final ServiceProblem problem;

    ServerNameParameters(ServiceProblem problem) {
        this.problem = problem;
    }

    /**
     * @param patterns the destination's {@code servicePath} values, already split on the separator
     */
    ServerNameMatch parse(DestinationParameters destination, List<String> patterns) throws InvalidServiceException {
        String pathName = destination.nameOf("servicePath");
        if (patterns.isEmpty()) {
            throw problem.badRequest("reqMode=sni needs " + pathName + ": the TLS server name (or names, comma"
                    + " separated) whose connections go to this service, e.g. " + pathName + "=api.example.com;"
                    + " pathType chooses how it is compared (" + ACCEPTED + ")");
        }
        ServerNameMatch.Method method = method(destination.get("pathType"));
        for (String pattern : patterns) {
            if (method == ServerNameMatch.Method.REGEX) {
                requireRegularExpression(pathName, pattern);
            } else if (!NAME_PATTERN.matcher(pattern).matches()) {
                throw problem.badRequest(pathName + "=" + printable(pattern) + " is not a server name; in reqMode=sni"
                        + " " + pathName + " holds host names or parts of them (letters, digits, '.', '-', '_'),"
                        + " e.g. " + pathName + "=api.example.com (for every subdomain of example.com: " + pathName
                        + "=.example.com with pathType=req_ssl_sni -i -m end), or a regular expression with"
                        + " pathType=req_ssl_sni -i -m reg");
            }
        }
        return new ServerNameMatch(method, patterns);
    }

    private ServerNameMatch.Method method(Optional<ParameterValue> pathType) throws InvalidServiceException {
        if (pathType.isEmpty() || pathType.get().value().isBlank()) {
            // DFP filled in path_beg, an HTTP fetch that never matches a TLS stream; the exact name is what a user
            // who leaves pathType out means.
            return ServerNameMatch.Method.EXACT;
        }
        String[] words = pathType.get().value().strip().split("\\s+");
        if (!FETCHES.contains(words[0].toLowerCase(Locale.ROOT))) {
            throw problem.badRequest(pathType.get().name() + "=" + printable(pathType.get().value()) + " does not"
                    + " read the TLS server name, which is what a reqMode=sni destination is chosen by; use "
                    + ACCEPTED);
        }
        ServerNameMatch.Method method = ServerNameMatch.Method.EXACT;
        for (int i = 1; i < words.length; i++) {
            String word = words[i];
            if (word.equals("-i") || word.equals("--")) {
                continue;
            }
            if (word.equals("-m") && i + 1 < words.length) {
                method = ServerNameMatch.Method.fromHaproxyName(words[++i]);
                if (method != null) {
                    continue;
                }
                throw problem.badRequest(pathType.get().name() + "=" + printable(pathType.get().value())
                        + " uses the match method -m " + printable(words[i]) + ", which Swarmgate does not have for"
                        + " server names; use " + ACCEPTED);
            }
            throw problem.badRequest(pathType.get().name() + "=" + printable(pathType.get().value()) + ": "
                    + printable(word) + " is not understood here; use " + ACCEPTED);
        }
        return method;
    }

    private void requireRegularExpression(String name, String pattern) throws InvalidServiceException {
        try {
            Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw problem.badRequest(name + "=" + pattern + " is not a valid regular expression for pathType="
                    + "req_ssl_sni -m reg (" + e.getDescription() + " near index " + e.getIndex() + "); fix the"
                    + " expression or use another match method");
        }
    }

    private static String printable(String value) {
        return value.codePoints().allMatch(c -> c >= 0x20 && c < 0x7f) && value.length() <= 80 ? value : "<value>";
    }
}
