package dev.swarmgate.proxyprotocol;

import java.util.concurrent.atomic.LongAdder;

/** What accept-proxy listeners did with incoming connections, for metrics and tests. */
public final class ProxyHeaderCounters {

    final LongAdder accepted = new LongAdder();
    final LongAdder untrusted = new LongAdder();
    final LongAdder invalid = new LongAdder();

    /** Connections whose header was read (PROXY or LOCAL). */
    public long accepted() {
        return accepted.sum();
    }

    /** Connections closed because the peer is outside the trusted networks. */
    public long untrusted() {
        return untrusted.sum();
    }

    /** Connections closed for a missing, malformed or late header. */
    public long invalid() {
        return invalid.sum();
    }
}
