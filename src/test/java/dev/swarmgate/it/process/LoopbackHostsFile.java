package dev.swarmgate.it.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A hosts file for a proxy process ({@code -Djdk.net.hosts.file}) in which {@link #NAME} is 127.0.0.1: a backend name
 * that reaches this host without being recognisable as it from the configuration, the way a host's own LAN address
 * or a DNS alias is, while every test packet stays on loopback.
 */
final class LoopbackHostsFile {

    static final String NAME = "loop.swarmgate.test";

    private LoopbackHostsFile() {
    }

    /** Writes the file into {@code dir} and returns the JVM option that makes the process resolve with it alone. */
    static String jvmOption(Path dir) {
        Path hosts = dir.resolve("hosts");
        try {
            Files.writeString(hosts, "127.0.0.1 localhost\n127.0.0.1 " + NAME + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "-Djdk.net.hosts.file=" + hosts;
    }
}
