package dev.swarmgate.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Whether one process holds a listening TCP socket of a port, read from {@code /proc}: the sockets listening on the
 * port in the network namespace ({@code net/tcp}, {@code net/tcp6}) against the sockets among the process's open
 * descriptors. On the host network, an answer on the port may come from another container's process; this says
 * whether this container's own proxy has the socket (after a take-over, both processes hold the very same one).
 */
final class ListeningSocketHolder {

    private static final String LISTEN = "0A";

    private final Path proc;

    ListeningSocketHolder(Path proc) {
        this.proc = proc;
    }

    /**
     * Whether process {@code pid} ({@code "1"}, {@code "self"}) holds a socket listening on {@code port}; empty when
     * {@code /proc} cannot tell (not Linux, or the process's descriptors are not readable by this user).
     */
    Optional<Boolean> holds(String pid, int port) {
        Set<String> listening = new HashSet<>();
        for (String table : List.of("tcp", "tcp6")) {
            Path file = proc.resolve(pid).resolve("net").resolve(table);
            if (!Files.isReadable(file)) {
                continue;
            }
            try {
                listening.addAll(listeningInodes(Files.readAllLines(file), port));
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }
        try (Stream<Path> descriptors = Files.list(proc.resolve(pid).resolve("fd"))) {
            return Optional.of(descriptors.map(ListeningSocketHolder::target)
                    .anyMatch(target -> target.startsWith("socket:[")
                            && listening.contains(target.substring(8, target.length() - 1))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The inodes of the sockets in LISTEN state on {@code port}: columns local_address (hex ip:port), st, inode. */
    static Set<String> listeningInodes(List<String> table, int port) {
        Set<String> inodes = new HashSet<>();
        String hexPort = String.format(":%04X", port);
        for (String line : table.subList(Math.min(1, table.size()), table.size())) {
            String[] columns = line.strip().split("\\s+");
            if (columns.length > 9 && columns[1].endsWith(hexPort) && columns[3].equals(LISTEN)) {
                inodes.add(columns[9]);
            }
        }
        return inodes;
    }

    private static String target(Path descriptor) {
        try {
            return Files.readSymbolicLink(descriptor).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return ""; // closed since the listing
        }
    }
}
