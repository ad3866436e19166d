package dev.swarmgate.server;

import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Listening sockets received from the Swarmgate this one takes over, by port: a listener (or the admin API) whose
 * port is among them takes its sockets instead of binding, so the same kernel sockets, with the connections waiting
 * in their accept queues, keep accepting. Those no port asks for are closed once the old process stopped accepting.
 */
public final class InheritedSockets {

    private static final Logger LOG = LoggerFactory.getLogger(InheritedSockets.class);

    private final Map<Integer, List<Integer>> byPort = new TreeMap<>();

    private InheritedSockets() {
    }

    /** No sockets: every port is bound. */
    public static InheritedSockets none() {
        return new InheritedSockets();
    }

    /** Sorts received descriptors by the port each listens on; one that is not a bound TCP socket is closed. */
    static InheritedSockets of(List<Integer> descriptors) {
        InheritedSockets sockets = new InheritedSockets();
        for (int fd : descriptors) {
            InetSocketAddress local = new Socket(fd).localAddress();
            if (local == null) {
                LOG.warn("take-over: received descriptor {} is not a bound TCP socket; closed", fd);
                close(fd);
            } else {
                sockets.byPort.computeIfAbsent(local.getPort(), port -> new ArrayList<>()).add(fd);
            }
        }
        return sockets;
    }

    /** The sockets listening on {@code port}, now owned by the caller; empty when none came for it. */
    synchronized List<Integer> take(int port) {
        List<Integer> taken = byPort.remove(port);
        return taken == null ? List.of() : List.copyOf(taken);
    }

    /** One socket listening on {@code port} (the admin API has one), the others closed. */
    public synchronized OptionalInt takeOne(int port) {
        List<Integer> taken = take(port);
        if (taken.isEmpty()) {
            return OptionalInt.empty();
        }
        taken.stream().skip(1).forEach(InheritedSockets::close);
        return OptionalInt.of(taken.getFirst());
    }

    /** Ports with sockets nobody took yet. */
    public synchronized List<Integer> ports() {
        return List.copyOf(byPort.keySet());
    }

    /** Closes the sockets of ports this process does not serve (its configuration no longer has them). */
    public synchronized void closeRemaining() {
        if (!byPort.isEmpty()) {
            LOG.info("take-over: closing the inherited sockets of port(s) {}, which this configuration does not use",
                    byPort.keySet());
        }
        byPort.values().forEach(fds -> fds.forEach(InheritedSockets::close));
        byPort.clear();
    }

    private static void close(int fd) {
        try {
            new FileDescriptor(fd).close();
        } catch (IOException e) {
            LOG.debug("closing inherited descriptor {} failed: {}", fd, e.toString());
        }
    }
}
