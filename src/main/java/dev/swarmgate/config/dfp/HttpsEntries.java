package dev.swarmgate.config.dfp;

import dev.swarmgate.config.BackendTls;
import dev.swarmgate.config.Destination;
import dev.swarmgate.config.DomainRedirect;
import dev.swarmgate.config.HttpRule;
import dev.swarmgate.config.HttpsRedirect;
import dev.swarmgate.config.InvalidServiceException;
import dev.swarmgate.config.PlainHttpDenial;
import dev.swarmgate.config.ReqMode;
import dev.swarmgate.config.TlsOptions;

import java.util.List;
import java.util.Optional;

/**
 * {@code httpsPort}, {@code srcHttpsPort} and {@code sslVerifyNone}: a destination's TLS parameters. With
 * {@code httpsPort} DFP renders a second backend, {@code https-<aclName>-be<httpsPort>_<index>}, for the requests that
 * arrive on {@code srcHttpsPort} (default 443), while {@code port} serves {@code srcPort} (default 80). Here that
 * second backend is a second {@link Destination} with the same index, marked as the HTTPS entry, right after the first
 * (so rule order is DFP's). It keeps every rule except those that only concern plain connections or run before
 * routing: {@code denyHttp} and {@code httpsOnly} (DFP writes them in the port backend only), the
 * {@code X-Forwarded-Proto} redirects and {@code redirectFromDomain} (written once per destination, in the frontend).
 */
final class HttpsEntries {

    static final int DEFAULT_SRC_PORT = 80;
    static final int DEFAULT_SRC_HTTPS_PORT = 443;
    private static final String PORT = "a port number from 1 to 65535 (0 or absent: none)";

    private final DestinationParser parser;
    private final ServiceProblem problem;

    HttpsEntries(DestinationParser parser, ServiceProblem problem) {
        this.parser = parser;
        this.problem = problem;
    }

    /** The destination's {@code httpsPort}, 0 when absent (as DFP's zero value). */
    static int httpsPort(DestinationParser parser, DestinationParameters destination)
            throws InvalidServiceException {
        return (int) parser.number(destination, "httpsPort", 0, DestinationParser.MAX_PORT, PORT).orElse(0);
    }

    /** The destination as it serves: with backend TLS if asked for, followed by its HTTPS entry if it has one. */
    List<Destination> expand(DestinationParameters parameters, Destination built) throws InvalidServiceException {
        int httpsPort = httpsPort(parser, parameters);
        int srcHttpsPort = (int) parser.number(parameters, "srcHttpsPort", 0, DestinationParser.MAX_PORT, PORT)
                .orElse(0);
        if (built.reqMode() != ReqMode.HTTP) {
            if (httpsPort > 0) {
                throw problem.badRequest(parameters.nameOf("httpsPort") + " applies to reqMode=http only (got reqMode="
                        + built.reqMode().dfpName() + "); a tcp destination relays whatever arrives on its srcPort,"
                        + " TLS included, so remove " + parameters.nameOf("httpsPort"));
            }
            return List.of(built);
        }
        Destination destination = built.withTls(new TlsOptions(false, backendTls(parameters)));
        if (httpsPort == 0) {
            return List.of(destination);
        }
        if (srcHttpsPort == 0) {
            srcHttpsPort = DEFAULT_SRC_HTTPS_PORT;
        }
        if (destination.port() == 0) {
            // httpsPort alone: DFP still writes the destination's redirectFromDomain (it belongs to the frontend).
            return List.of(destination.httpsEntry(srcHttpsPort, httpsPort, overTls(destination.rules(), true)));
        }
        Destination https = destination.httpsEntry(srcHttpsPort, httpsPort, overTls(destination.rules(), false));
        if (destination.srcPort() == srcHttpsPort) {
            throw problem.badRequest(parameters.nameOf("srcPort") + " and " + parameters.nameOf("srcHttpsPort")
                    + " are both " + srcHttpsPort + ", so requests on that port could only reach "
                    + parameters.nameOf("port") + "; give the HTTPS entry its own port (srcHttpsPort defaults to 443,"
                    + " srcPort to 80 when httpsPort is set)");
        }
        return List.of(destination, https);
    }

    private BackendTls backendTls(DestinationParameters parameters) throws InvalidServiceException {
        Optional<ParameterValue> given = parameters.get("sslVerifyNone");
        if (!FlagValue.of(given, problem)) {
            return BackendTls.PLAIN;
        }
        if (parameters.get("healthCheckPath").isPresent()) {
            throw problem.badRequest(parameters.nameOf("healthCheckPath") + " with " + given.get().name()
                    + "=true is not supported: HTTP health checks speak plain HTTP and a TLS backend would fail"
                    + " them; remove " + parameters.nameOf("healthCheckPath") + " (the TCP connect check stays)");
        }
        return BackendTls.UNVERIFIED;
    }

    /** The rules of the HTTPS entry: those of the port backend that still mean something there. */
    private static List<HttpRule> overTls(List<HttpRule> rules, boolean keepDomainRedirects) {
        return rules.stream()
                .filter(rule -> !(rule instanceof PlainHttpDenial || rule instanceof HttpsRedirect
                        || rule instanceof DomainRedirect && !keepDomainRedirects))
                .toList();
    }
}
