package dev.swarmgate.upstream;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Two distinct random endpoints, the one with fewer outstanding requests or connections wins (Envoy's least
 * request). Nearly as good as scanning for the least loaded, without herding every proxy thread onto it.
 */
final class PowerOfTwoChoices implements LoadBalancer {

    @Override
    public Endpoint pick(Endpoint[] pickable, long clientHash) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int n = pickable.length;
        int first = random.nextInt(n);
        int second = random.nextInt(n - 1);
        if (second >= first) {
            second++;
        }
        Endpoint a = pickable[first];
        Endpoint b = pickable[second];
        return b.outstanding() < a.outstanding() ? b : a;
    }
}
