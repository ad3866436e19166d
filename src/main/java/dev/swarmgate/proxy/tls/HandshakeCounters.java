package dev.swarmgate.proxy.tls;

import java.util.concurrent.atomic.LongAdder;

/** How many TLS handshakes the listeners finished and how many failed, since start (for metrics and tests). */
public final class HandshakeCounters {

    private final LongAdder succeeded = new LongAdder();
    private final LongAdder failed = new LongAdder();

    void succeeded() {
        succeeded.increment();
    }

    void failed() {
        failed.increment();
    }

    public long succeededCount() {
        return succeeded.sum();
    }

    public long failedCount() {
        return failed.sum();
    }
}
