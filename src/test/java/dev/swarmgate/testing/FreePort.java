package dev.swarmgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on 127.0.0.1, so tests never collide with each other or with a developer's own services. */
public final class FreePort {

    private FreePort() {
    }

    /**
     * A port that was free on 127.0.0.1 a moment ago. Another process may still take it before the caller binds,
     * so fixtures that start a server on it retry with a new port when the bind fails.
     */
    public static int pick() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port on 127.0.0.1", e);
        }
    }
}
