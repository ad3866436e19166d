package dev.swarmgate.upstream;

import io.netty.util.AttributeKey;

/** When a connection went back to its pool: connections idle for too long are not reused. */
record PooledSince(long nanos) {

    static final AttributeKey<PooledSince> KEY = AttributeKey.valueOf(PooledSince.class, "pooledSince");
    static final AttributeKey<Boolean> WATCHED = AttributeKey.valueOf(PooledSince.class, "watched");
}
