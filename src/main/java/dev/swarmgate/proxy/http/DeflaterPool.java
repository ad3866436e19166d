package dev.swarmgate.proxy.http;

import io.netty.util.concurrent.FastThreadLocal;

import java.util.ArrayDeque;
import java.util.zip.Deflater;

/**
 * The {@link Deflater}s of one event loop, kept between responses: a deflater holds about 256 KiB of native memory
 * and costs more to create than to compress a small body with. Only its own thread touches a pool, so it needs no
 * lock. A deflater comes back {@link Deflater#reset() reset}; one beyond the pool's size, or any left when the
 * thread ends, is {@link Deflater#end() ended} at once rather than left to the garbage collector. At most
 * {@link #MAX_IN_USE} are lent at a time (HAProxy's {@code maxzlibmem} in spirit): beyond that, responses pass
 * uncompressed rather than let many slow downloads pin native memory without bound.
 */
final class DeflaterPool {

    /** Idle deflaters kept per kind and event loop: enough for the responses one loop compresses at a time. */
    static final int MAX_IDLE = 16;
    /** Deflaters lent at once per event loop: 256 × ~256 KiB = 64 MiB of native memory at most. */
    static final int MAX_IN_USE = 256;
    /** HAProxy's default ({@code tune.comp.maxlevel 1}): the fastest level, most of the gain for text. */
    static final int LEVEL = 1;

    private static final FastThreadLocal<DeflaterPool> POOLS = new FastThreadLocal<>() {
        @Override
        protected DeflaterPool initialValue() {
            return new DeflaterPool();
        }

        @Override
        protected void onRemoval(DeflaterPool pool) {
            pool.endAll();
        }
    };

    /** zlib-wrapped deflaters ({@code deflate}). */
    private final ArrayDeque<Deflater> wrapped = new ArrayDeque<>();
    /** Bare deflaters ({@code gzip} writes its own frame, {@code raw-deflate} none). */
    private final ArrayDeque<Deflater> bare = new ArrayDeque<>();

    /** The calling thread's pool. */
    static DeflaterPool current() {
        return POOLS.get();
    }

    private int inUse;

    /**
     * A reset deflater at {@link #LEVEL}, {@code nowrap} as for {@link Deflater#Deflater(int, boolean)}; null when
     * {@link #MAX_IN_USE} are lent already. Every deflater taken must be {@link #give given} back.
     */
    Deflater take(boolean nowrap) {
        if (inUse >= MAX_IN_USE) {
            return null;
        }
        inUse++;
        Deflater deflater = (nowrap ? bare : wrapped).pollFirst();
        return deflater != null ? deflater : new Deflater(LEVEL, nowrap);
    }

    /** Gives back a deflater {@link #take taken} with the same {@code nowrap}, whatever state it is in. */
    void give(Deflater deflater, boolean nowrap) {
        inUse--;
        ArrayDeque<Deflater> idle = nowrap ? bare : wrapped;
        if (idle.size() >= MAX_IDLE) {
            deflater.end();
            return;
        }
        deflater.reset();
        idle.addFirst(deflater);
    }

    int idle() {
        return wrapped.size() + bare.size();
    }

    int inUse() {
        return inUse;
    }

    private void endAll() {
        wrapped.forEach(Deflater::end);
        bare.forEach(Deflater::end);
        wrapped.clear();
        bare.clear();
    }
}
