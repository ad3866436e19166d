package dev.swarmgate.config;

import java.util.ArrayList;
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
        Settings settings = current.settings();
        Set<Integer> listening = new TreeSet<>();
        settings.defaultPorts().forEach(listener -> listening.add(listener.port()));
        settings.bindPorts().forEach(listener -> listening.add(listener.port()));
        current.services().values().stream().filter(other -> !other.name().equals(candidate.name()))
                .forEach(other -> other.destinations().forEach(d -> addSrcPort(listening, d)));
        candidate.destinations().forEach(d -> addSrcPort(listening, d));
        for (Destination destination : candidate.destinations()) {
            for (HostPort backend : backends(candidate, destination)) {
                if (isThisProxy(backend.host(), settings) && listening.contains(backend.port())) {
                    return Optional.of("serviceName " + candidate.name() + ": the backend " + backend.host() + ":"
                            + backend.port() + " is this proxy's own listener on port " + backend.port()
                            + ", so every connection would loop back into the proxy; point outboundHostname and port"
                            + " at the service, not at the proxy");
                }
            }
        }
        Set<Integer> added = new TreeSet<>();
        candidate.destinations().forEach(d -> addSrcPort(added, d));
        for (ServiceSpec other : current.services().values()) {
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
