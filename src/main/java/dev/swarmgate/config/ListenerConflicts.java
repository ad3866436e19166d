package dev.swarmgate.config;

import java.util.Collection;
import java.util.Optional;

/**
 * Port ownership between services: a {@code reqMode=tcp} srcPort belongs to exactly one service, or to the
 * services of one {@code serviceGroup} together; a {@code reqMode=sni} srcPort is shared by sni destinations only
 * (each takes its own server names); and a port that serves HTTP (DEFAULT_PORTS, BIND_PORTS or another service's
 * http srcPort) cannot also relay raw TCP or TLS. Docker Flow Proxy rendered such combinations into a broken HAProxy
 * configuration (two frontends bound to one port); here the second claimant is refused.
 */
public final class ListenerConflicts {

    private ListenerConflicts() {
    }

    /**
     * The reason {@code candidate} cannot be added to {@code current}, or empty when its ports are free. The
     * candidate's own earlier version is not a competitor: re-configuring a service on its own port is fine.
     */
    public static Optional<String> check(GatewayConfig current, ServiceSpec candidate) {
        return check(current.settings(), current.services().values(), candidate);
    }

    /**
     * {@link #check(GatewayConfig, ServiceSpec)} against these services, which need not be copied into a
     * configuration first (a start restores thousands of services, each checked against those before it).
     */
    public static Optional<String> check(Settings settings, Collection<ServiceSpec> services,
                                         ServiceSpec candidate) {
        for (Destination destination : candidate.destinations()) {
            int port = destination.srcPort();
            if (port == 0) {
                continue;
            }
            Optional<String> owner = destination.reqMode() == ReqMode.HTTP
                    ? tcpOwner(services, candidate.name(), port)
                    : anyOwner(settings, services, candidate.name(), destination);
            if (owner.isPresent()) {
                return Optional.of("serviceName " + candidate.name() + ": " + srcPortName(destination) + " " + port
                        + " is already taken by " + owner.get());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> tcpOwner(Collection<ServiceSpec> services, String candidate, int port) {
        for (ServiceSpec other : services) {
            if (other.name().equals(candidate)) {
                continue;
            }
            for (Destination destination : other.destinations()) {
                if (destination.reqMode() != ReqMode.HTTP && destination.srcPort() == port) {
                    return Optional.of(serviceOwner(other, destination));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> anyOwner(Settings settings, Collection<ServiceSpec> services, String candidate,
                                             Destination tcp) {
        int port = tcp.srcPort();
        for (ListenerSpec listener : settings.defaultPorts()) {
            if (listener.port() == port) {
                return Optional.of(httpListener("DEFAULT_PORTS"));
            }
        }
        for (ListenerSpec listener : settings.bindPorts()) {
            if (listener.port() == port) {
                return Optional.of(httpListener("BIND_PORTS"));
            }
        }
        for (ServiceSpec other : services) {
            if (other.name().equals(candidate)) {
                continue;
            }
            for (Destination destination : other.destinations()) {
                if (destination.srcPort() == port && !sharesPort(destination, tcp)) {
                    return Optional.of(serviceOwner(other, destination));
                }
            }
        }
        return Optional.empty();
    }

    /** Two tcp destinations of one serviceGroup, or two sni destinations (told apart by server name). */
    private static boolean sharesPort(Destination existing, Destination candidate) {
        if (existing.reqMode() != candidate.reqMode()) {
            return false;
        }
        return existing.reqMode() == ReqMode.SNI
                || existing.reqMode() == ReqMode.TCP && existing.tcp().sharesPortWith(candidate.tcp());
    }

    private static String serviceOwner(ServiceSpec owner, Destination destination) {
        String group = destination.reqMode() == ReqMode.HTTP ? "" : destination.tcp().serviceGroup()
                .map(name -> ", serviceGroup=" + name).orElse("");
        return "service " + owner.name() + " (reqMode=" + destination.reqMode().dfpName() + group + "); choose"
                + " another srcPort" + (group.isEmpty() ? "" : ", the same serviceGroup,") + " or remove "
                + owner.name() + " first";
    }

    private static String httpListener(String variable) {
        return "the proxy's HTTP listener (" + variable + "); choose another srcPort, or take the port out of "
                + variable + " (e.g. DEFAULT_PORTS=80 for a reqMode=sni service on 443)";
    }

    private static String srcPortName(Destination destination) {
        return destination.index() == 0 ? "srcPort" : "srcPort." + destination.index();
    }
}
