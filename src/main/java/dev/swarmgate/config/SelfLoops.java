package dev.swarmgate.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Backends that are the proxy itself: a destination whose backend host is this machine (loopback, {@code localhost},
 * the proxy's own {@code LISTEN_IP} or {@code IP}) on a port the proxy listens on would send every connection back
 * into the proxy, which connects again, and so on until it runs out of file descriptors (health checks alone start
 * the loop). What can be known from the configuration is refused here; names that only resolve to this machine at run
 * time are caught by the TCP proxy's loop guard.
 */
public final class SelfLoops {

    private SelfLoops() {
    }

    /**
     * Why {@code candidate} would loop back into the proxy once added to {@code current}, or empty. Checks the
     * candidate's backends against every listener port (its own srcPorts included), and the other services'
     * backends against the ports the candidate adds.
     */
    public static Optional<String> check(GatewayConfig current, ServiceSpec candidate) {
        return check(current.settings(), current.services().values(), candidate);
    }

    /**
     * {@link #check(GatewayConfig, ServiceSpec)} against these services, which need not be copied into a
     * configuration first: a start restores thousands of services, each checked against those before it. Only a
     * backend on this machine, or a srcPort the candidate adds, makes it look at the other services.
     */
    public static Optional<String> check(Settings settings, Collection<ServiceSpec> services, ServiceSpec candidate) {
        for (Destination destination : candidate.destinations()) {
            for (HostPort backend : backends(candidate, destination)) {
                if (isThisProxy(backend.host(), settings) && isListening(backend.port(), settings, services,
                        candidate)) {
                    return Optional.of("serviceName " + candidate.name() + ": the backend " + backend.host() + ":"
                            + backend.port() + " is this proxy's own listener on port " + backend.port()
                            + ", so every connection would loop back into the proxy; point outboundHostname and port"
                            + " at the service, not at the proxy");
                }
            }
        }
        Set<Integer> added = new TreeSet<>();
        candidate.destinations().forEach(d -> addSrcPort(added, d));
        if (added.isEmpty()) {
            return Optional.empty();
        }
        for (ServiceSpec other : services) {
            if (other.name().equals(candidate.name())) {
                continue;
            }
            for (Destination destination : other.destinations()) {
                for (HostPort backend : backends(other, destination)) {
                    if (isThisProxy(backend.host(), settings) && added.contains(backend.port())) {
                        return Optional.of("serviceName " + candidate.name() + ": srcPort " + backend.port()
                                + " is the backend of service " + other.name() + " (" + backend.host() + ":"
                                + backend.port() + "), so its connections would loop back into the proxy; choose"
                                + " another srcPort");
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the proxy listens on {@code port} once {@code candidate} is added: a DEFAULT_PORTS or BIND_PORTS
     * listener, a srcPort of the candidate, or one of another service (the candidate's own earlier version is
     * replaced, so its srcPorts do not count).
     */
    private static boolean isListening(int port, Settings settings, Collection<ServiceSpec> services,
                                       ServiceSpec candidate) {
        for (ListenerSpec listener : settings.defaultPorts()) {
            if (listener.port() == port) {
                return true;
            }
        }
        for (ListenerSpec listener : settings.bindPorts()) {
            if (listener.port() == port) {
                return true;
            }
        }
        if (hasSrcPort(candidate, port)) {
            return true;
        }
        for (ServiceSpec other : services) {
            if (hasSrcPort(other, port) && !other.name().equals(candidate.name())) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasSrcPort(ServiceSpec service, int port) {
        for (Destination destination : service.destinations()) {
            if (destination.srcPort() != 0 && destination.srcPort() == port) {
                return true;
            }
        }
        return false;
    }

    private static void addSrcPort(Set<Integer> ports, Destination destination) {
        if (destination.srcPort() != 0) {
            ports.add(destination.srcPort());
        }
    }

    /** The host:port pairs a destination connects to, as the compiler derives them. */
    private static List<HostPort> backends(ServiceSpec service, Destination destination) {
        String host = destination.outboundHostname().orElse(service.name());
        if (destination.endpoints() != EndpointDiscovery.STATIC) {
            return List.of(new HostPort(host, destination.port()));
        }
        List<HostPort> entries = new ArrayList<>();
        try {
            for (HostPort entry : HostPort.parseList(host)) {
                entries.add(entry.host().isEmpty() ? new HostPort("localhost", entry.port()) : entry);
            }
        } catch (IllegalArgumentException unparsable) {
            return List.of(); // refused elsewhere; nothing to connect to
        }
        return entries;
    }

    /** Whether a host, as written, is this machine: decided from the text alone (no DNS in the model). */
    static boolean isThisProxy(String host, Settings settings) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.equals("localhost") || name.endsWith(".localhost") || name.startsWith("127.")
                && name.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9')) {
            return true;
        }
        if (name.equals("0.0.0.0") || name.equals("::") || name.equals("::1") || name.equals("0:0:0:0:0:0:0:1")
                || name.startsWith("::ffff:127.")) {
            return true;
        }
        return isOwnAddress(name, settings.listenHost()) || isOwnAddress(name, settings.adminHost());
    }

    private static boolean isOwnAddress(String name, String bound) {
        String address = bound == null ? "" : bound.toLowerCase(Locale.ROOT);
        return !address.isEmpty() && !address.equals("0.0.0.0") && !address.equals("::") && address.equals(name);
    }
}
