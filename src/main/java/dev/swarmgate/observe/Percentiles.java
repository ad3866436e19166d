package dev.swarmgate.observe;

/** Estimates a latency percentile from fixed histogram buckets, interpolating within the bucket it falls in. */
final class Percentiles {

    private Percentiles() {
    }

    /**
     * @param cumulative requests at or under each bound of {@link DestinationMeters#BUCKETS}
     * @param count      all requests, those above the last bound included
     * @return milliseconds; 0 without requests, the last bound when the percentile lies above it
     */
    static double millis(long[] cumulative, long count, double quantile) {
        if (count <= 0) {
            return 0;
        }
        double rank = quantile * count;
        double lower = 0;
        long lowerCount = 0;
        for (int i = 0; i < cumulative.length; i++) {
            double upper = DestinationMeters.BUCKETS[i].toNanos() / 1e6;
            if (cumulative[i] >= rank) {
                long inBucket = cumulative[i] - lowerCount;
                return inBucket <= 0 ? upper : lower + (upper - lower) * (rank - lowerCount) / inBucket;
            }
            lower = upper;
            lowerCount = cumulative[i];
        }
        return lower;
    }
}
