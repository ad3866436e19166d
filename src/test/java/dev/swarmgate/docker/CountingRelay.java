package dev.swarmgate.docker;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A byte relay from a Unix socket of its own to the real engine's, which counts the connections it accepts and can
 * drop them: to see how many connections a client opens and what it does when the engine closes one. Every byte
 * goes to the real engine and back unchanged; nothing is answered here.
 */
final class CountingRelay implements AutoCloseable {

    private final Path socket;
    private final UnixDomainSocketAddress engine;
    private final ServerSocketChannel server;
    private final AtomicInteger accepted = new AtomicInteger();
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean dropOnNextRequest = new AtomicBoolean();

    CountingRelay(Path socket, Path engineSocket) throws IOException {
        this.socket = socket;
        this.engine = UnixDomainSocketAddress.of(engineSocket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread.ofVirtual().name("relay-accept").start(this::accept);
    }

    DockerEndpoint endpoint() {
        return DockerEndpoint.unix(socket.toString());
    }

    /** Connections accepted so far. */
    int accepted() {
        return accepted.get();
    }

    /** Connections open now (client side). */
    int open() {
        return open.size();
    }

    /** Closes every open connection, as an engine that restarts does. */
    void dropConnections() {
        open.forEach(this::closeQuietly);
    }

    /**
     * The next request bytes any connection sends are not relayed: that connection is closed instead, as when the
     * engine closes a kept connection at the moment the client reuses it.
     */
    void dropOnNextRequest() {
        dropOnNextRequest.set(true);
    }

    private void accept() {
        while (server.isOpen()) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            accepted.incrementAndGet();
            open.add(client);
            try {
                SocketChannel upstream = SocketChannel.open(engine);
                Thread.ofVirtual().start(() -> copy(client, upstream, true));
                Thread.ofVirtual().start(() -> copy(upstream, client, false));
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private void copy(SocketChannel from, SocketChannel to, boolean requests) {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        try {
            while (from.read(buffer) >= 0) {
                if (requests && dropOnNextRequest.compareAndSet(true, false)) {
                    break;
                }
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
        } catch (IOException e) {
            // one side went away: close both below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeQuietly(SocketChannel ch) {
        open.remove(ch);
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropConnections();
        Files.deleteIfExists(socket);
    }
}
