package dev.swarmgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Free TCP ports on 127.0.0.1, so tests never collide with each other or with a developer's own services.
 *
 * <p>Ports come from below Linux's default ephemeral range (32768-60999), which is where the kernel picks the local
 * port of every outgoing connection: a port handed out from inside that range could be taken by some test's client
 * connection between the check and the server's bind (seen in CI as "bind(..) failed: Address already in use").
 * Within one JVM the ports are handed out in turn from a random starting point, so two fixtures never get the same
 * port, and two test JVMs are unlikely to walk the same ports at the same time.
 */
public final class FreePort {

    private static final int FIRST = 20_000;
    private static final int LAST = 32_767;
    private static final int RANGE = LAST - FIRST + 1;
    private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(RANGE));

    private FreePort() {
    }

    /**
     * A port that was free on 127.0.0.1 a moment ago, and that no outgoing connection can take. Another program
     * may still take it before the caller binds, so fixtures that start a server on it retry with a new port when
     * the bind fails.
     */
    public static int pick() {
        for (int tried = 0; tried < RANGE; tried++) {
            int port = FIRST + Math.floorMod(NEXT.getAndIncrement(), RANGE);
            if (bindable(port)) {
                return port;
            }
        }
        throw new UncheckedIOException(new IOException("no free TCP port on 127.0.0.1 in " + FIRST + "-" + LAST));
    }

    /** Bindable without SO_REUSEADDR, as strictly as any server the tests start. */
    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
