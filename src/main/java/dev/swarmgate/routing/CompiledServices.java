package dev.swarmgate.routing;

import dev.swarmgate.config.ServiceSpec;
import dev.swarmgate.config.Settings;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The compiled routes of each service, kept from one {@link Compiler#compile compile} to the next, so that a change
 * of one service among thousands compiles that service alone: the others' rules, routes and redirects are taken
 * from the previous compile as they are (all immutable; the route table, its index and the snapshot around them are
 * still built anew, so a request sees the old or the new configuration, never a mix). Keyed by identity: an accepted
 * service never changes, a changed one is a new {@link ServiceSpec}. Kept only while the settings stay the same
 * object, because they go into every route (timeouts, global authentication). Used by one compiling thread at a time.
 */
public final class CompiledServices {

    private Settings settings;
    private Map<ServiceSpec, ServiceRoutes> byService = new IdentityHashMap<>();

    /** A compile that starts from these services, to look each service up in and record it with. */
    Round next(Settings current) {
        Map<ServiceSpec, ServiceRoutes> previous = current == settings ? byService : Map.of();
        return new Round(current, previous);
    }

    /** One compile: the services it compiled or took over, which replace the previous ones when it is {@link #keep}d. */
    final class Round {

        private final Settings settings;
        private final Map<ServiceSpec, ServiceRoutes> previous;
        private final Map<ServiceSpec, ServiceRoutes> now;

        private Round(Settings settings, Map<ServiceSpec, ServiceRoutes> previous) {
            this.settings = settings;
            this.previous = previous;
            // sized for as many services as last time (one more): no rehashing of ten thousand entries while filling
            this.now = new IdentityHashMap<>(previous.size() + 1);
        }

        /** The service's routes from the previous compile, or compiled now. */
        ServiceRoutes routes(ServiceSpec service, Function<ServiceSpec, ServiceRoutes> compile) {
            ServiceRoutes routes = previous.get(service);
            if (routes == null) {
                routes = compile.apply(service);
            }
            now.put(service, routes);
            return routes;
        }

        /** Makes this compile's services the ones the next compile starts from (services no longer served drop out). */
        void keep() {
            CompiledServices.this.settings = settings;
            CompiledServices.this.byService = now;
        }
    }
}
