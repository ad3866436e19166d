package dev.swarmgate.upstream;

import io.netty.channel.Channel;

/**
 * A backend connection as its pool sees it. The connection's own handler implements this, so pooling needs no
 * per-request allocation or channel attribute lookups.
 */
public interface PooledConnection {

    Channel channel();

    /** When the connection last went idle into the pool ({@link System#nanoTime()}). */
    long idleSinceNanos();

    void idleSinceNanos(long nanos);

    /** Whether the pool already watches this connection's close (registered once per connection). */
    boolean watchedByPool();

    void watchedByPool(boolean watched);
}
