package dev.swarmgate.upstream;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Consistent hashing of the client address on a ring (Ketama style): each endpoint owns {@value #POINTS} points
 * placed by hashing its address, a client goes to the first point at or after its hash. When an endpoint leaves,
 * only the clients it owned move (to the next points); every other client keeps its endpoint.
 */
final class RingHash implements LoadBalancer {

    static final int POINTS = 160;

    private volatile Ring ring = new Ring(new Endpoint[0], new long[0], new Endpoint[0]);

    @Override
    public Endpoint pick(Endpoint[] pickable, long clientHash) {
        Ring current = ring;
        if (current.source != pickable) {
            // The pickable set changed (rare): rebuild; concurrent rebuilds of the same set are equivalent.
            current = new Ring(pickable);
            ring = current;
        }
        return current.owner(mix(clientHash));
    }

    @Override
    public boolean hashesClients() {
        return true;
    }

    private static final class Ring {
        final Endpoint[] source;
        final long[] points;
        final Endpoint[] owners;

        Ring(Endpoint[] source, long[] points, Endpoint[] owners) {
            this.source = source;
            this.points = points;
            this.owners = owners;
        }

        Ring(Endpoint[] source) {
            this.source = source;
            long[][] entries = new long[source.length * POINTS][];
            int k = 0;
            for (int e = 0; e < source.length; e++) {
                long base = fnv1a(source[e].key());
                for (int i = 0; i < POINTS; i++) {
                    entries[k++] = new long[] {mix(base + i * 0x9E3779B97F4A7C15L), e};
                }
            }
            Arrays.sort(entries, (x, y) -> Long.compareUnsigned(x[0], y[0]));
            this.points = new long[entries.length];
            this.owners = new Endpoint[entries.length];
            for (int i = 0; i < entries.length; i++) {
                points[i] = entries[i][0];
                owners[i] = source[(int) entries[i][1]];
            }
        }

        Endpoint owner(long hash) {
            int lo = 0;
            int hi = points.length - 1;
            if (Long.compareUnsigned(hash, points[hi]) > 0) {
                return owners[0];
            }
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (Long.compareUnsigned(points[mid], hash) < 0) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return owners[lo];
        }
    }

    private static long fnv1a(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    /** MurmurHash3's 64-bit finalizer: spreads similar inputs (neighbouring IPs) over the whole ring. */
    static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb93e10ca1a3bL;
        h ^= h >>> 33;
        return h;
    }
}
