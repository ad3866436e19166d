package dev.swarmgate.proxy.tcp;

import java.util.concurrent.atomic.LongAdder;

/**
 * What one TCP listener port saw, in tcp-proxy's terms: {@code requests} (accepted client connections),
 * {@code errors} (clients closed without a backend) and the frontend's bytes. LongAdders, so event loops never
 * contend on a lock or a shared cache line.
 */
public final class TcpPortCounters {

    private final LongAdder accepted = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder fromClients = new LongAdder();
    private final LongAdder toClients = new LongAdder();

    void accepted() {
        accepted.increment();
    }

    void refused() {
        refused.increment();
    }

    void fromClient(long bytes) {
        fromClients.add(bytes);
    }

    void toClient(long bytes) {
        toClients.add(bytes);
    }

    /** Client connections accepted (tcp-proxy's {@code requests}). */
    public long requests() {
        return accepted.sum();
    }

    /**
     * Client connections closed without a backend: no route, no healthy endpoint, every connect failed; on an sni
     * port also no usable ClientHello (not TLS, too large, too late) or no route for its server name.
     */
    public long errors() {
        return refused.sum();
    }

    /** Bytes received from clients (tcp-proxy's {@code frontend.io.rx}). */
    public long bytesReceived() {
        return fromClients.sum();
    }

    /** Bytes sent to clients (tcp-proxy's {@code frontend.io.tx}). */
    public long bytesSent() {
        return toClients.sum();
    }
}
