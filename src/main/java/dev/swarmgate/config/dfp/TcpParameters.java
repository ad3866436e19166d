package dev.swarmgate.config.dfp;

import dev.swarmgate.config.BalanceAlgorithm;
import dev.swarmgate.config.Destination;
import dev.swarmgate.config.HealthCheck;
import dev.swarmgate.config.InvalidServiceException;
import dev.swarmgate.config.ReqMode;
import dev.swarmgate.config.TcpOptions;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Docker Flow Proxy's options of a {@code reqMode=tcp} destination: {@code checkTcp} (active TCP-connect health
 * checks), {@code clitcpka} (client TCP keep-alive), {@code serviceGroup} (services balanced as one pool on one
 * srcPort) and {@code balanceGroup} (that pool's HAProxy algorithm). {@code reqMode=sni} destinations take the same
 * options except serviceGroup, plus their server names ({@link ServerNameParameters}). HTTP destinations ignore
 * them, as DFP's HTTP templates did.
 */
final class TcpParameters {

    /** HAProxy's {@code balance} names that mean something for a TCP pool, as accepted by {@code balanceGroup}. */
    static final String GROUP_ALGORITHMS = "roundrobin, static-rr, leastconn, source, random";

    private static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private final ServiceProblem problem;

    TcpParameters(ServiceProblem problem) {
        this.problem = problem;
    }

    Destination apply(DestinationParameters parameters, Destination built) throws InvalidServiceException {
        if (built.reqMode() == ReqMode.HTTP) {
            return built;
        }
        HealthCheck healthCheck = checkTcp(parameters, built.healthCheck());
        boolean keepAlive = FlagValue.of(parameters.get("clitcpka"), problem);
        TcpOptions options;
        if (built.reqMode() == ReqMode.SNI) {
            rejectServiceGroup(parameters);
            options = new TcpOptions(keepAlive, Optional.empty(),
                    Optional.of(new ServerNameParameters(problem).parse(parameters, built.paths())));
        } else {
            options = new TcpOptions(keepAlive, serviceGroup(parameters));
        }
        return built.withTcp(options, balanceGroup(parameters, built.balance()), healthCheck);
    }

    /**
     * DFP rendered {@code serviceGroup} for tcp destinations only and dropped it in sni mode; sni destinations share
     * a srcPort without it (each takes its own server names), so a group there asks for something that never was.
     */
    private void rejectServiceGroup(DestinationParameters parameters) throws InvalidServiceException {
        Optional<ParameterValue> given = parameters.get("serviceGroup");
        if (given.isPresent() && !given.get().value().isBlank()) {
            throw problem.badRequest(given.get().name() + " applies to reqMode=tcp only; reqMode=sni destinations"
                    + " share a srcPort without it, each taking the server names of its servicePath. Remove "
                    + given.get().name());
        }
    }

    /**
     * {@code checkTcp=true}: the endpoints are probed with a TCP connect (HAProxy's {@code option tcp-check} without
     * steps), with the {@code healthCheckInterval/Timeout/Rise/Fall} of the destination. Swarmgate probes every
     * destination that way by default, so the flag mostly states it; it contradicts {@code healthCheck=false} (no
     * probes) and {@code healthCheckPath} (an HTTP probe), which are refused together with it.
     */
    private HealthCheck checkTcp(DestinationParameters parameters, HealthCheck current)
            throws InvalidServiceException {
        Optional<ParameterValue> given = parameters.get("checkTcp");
        if (!FlagValue.of(given, problem)) {
            return current;
        }
        Optional<ParameterValue> off = parameters.get("healthCheck")
                .filter(value -> GoBoolean.parse(value.value()).equals(Optional.of(false)));
        if (off.isPresent()) {
            throw problem.badRequest(given.get() + " asks for TCP health checks, but " + off.get()
                    + " turns health checks off; remove one of the two");
        }
        Optional<ParameterValue> path = parameters.get("healthCheckPath");
        if (path.isPresent()) {
            throw problem.badRequest(given.get() + " asks for a TCP-connect health check, but " + path.get().name()
                    + " asks for an HTTP one; remove " + path.get().name() + " to check with a TCP connect, or "
                    + given.get().name() + " to check with GET " + path.get().value());
        }
        return new HealthCheck(true, Optional.empty(), current.interval(), current.timeout(), current.rise(),
                current.fall());
    }

    private Optional<String> serviceGroup(DestinationParameters parameters) throws InvalidServiceException {
        Optional<ParameterValue> given = parameters.get("serviceGroup");
        if (given.isEmpty() || given.get().value().isBlank()) {
            return Optional.empty();
        }
        String group = given.get().value().strip();
        if (!GROUP_NAME.matcher(group).matches()) {
            throw problem.badRequest(given.get().name() + " is not a group name; use up to 64 letters, digits, '.',"
                    + " '_' or '-', starting with a letter or digit (e.g. " + given.get().name() + "=redis)");
        }
        return Optional.of(group);
    }

    /**
     * {@code balanceGroup}: HAProxy's algorithm of the pool. A destination outside any group is a pool of its own,
     * so there it balances the destination, like {@code balance}; both given must agree.
     */
    private BalanceAlgorithm balanceGroup(DestinationParameters parameters, BalanceAlgorithm current)
            throws InvalidServiceException {
        Optional<ParameterValue> given = parameters.get("balanceGroup");
        if (given.isEmpty() || given.get().value().isBlank()) {
            return current;
        }
        BalanceAlgorithm algorithm = switch (given.get().value().strip().toLowerCase(Locale.ROOT)) {
            case "roundrobin", "static-rr" -> BalanceAlgorithm.ROUND_ROBIN;
            case "leastconn" -> BalanceAlgorithm.LEAST_CONNECTIONS;
            case "source" -> BalanceAlgorithm.CLIENT_HASH;
            case "random" -> BalanceAlgorithm.RANDOM;
            default -> throw problem.badRequest(given.get().name() + "=" + printable(given.get().value())
                    + " is not a TCP balancing algorithm; use one of " + GROUP_ALGORITHMS
                    + " (HAProxy's first, uri, url_param, hdr and rdp-cookie are not supported)");
        };
        Optional<ParameterValue> balance = parameters.get("balance");
        if (balance.isPresent() && BalanceAlgorithm.parse(balance.get().value()) != algorithm) {
            throw problem.badRequest(given.get() + " and " + balance.get() + " ask for different algorithms; give"
                    + " only one of them");
        }
        return algorithm;
    }

    private static String printable(String value) {
        return value.codePoints().allMatch(c -> c >= 0x20 && c < 0x7f) && value.length() <= 40 ? value : "<value>";
    }
}
