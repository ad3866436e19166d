package dev.swarmgate.routing;

import dev.swarmgate.config.Destination;
import dev.swarmgate.config.DomainMatch;
import dev.swarmgate.config.GatewayConfig;
import dev.swarmgate.config.ListenerSpec;
import dev.swarmgate.config.PathType;
import dev.swarmgate.config.ReqMode;
import dev.swarmgate.config.ServiceSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class StickyRouteTest {

    private static final Destination ROOT = new Destination(0, ReqMode.HTTP, List.of("/"), PathType.PREFIX, List.of(),
            List.of(), DomainMatch.PREFIX, 0, 8080, Optional.empty(), Optional.empty());

    @Test
    void stickyServiceCompilesToRouteWithCookieNamedAfterTheService() {
        Route route = compile(new ServiceSpec("go-demo", "go-demo", List.of(ROOT), false, true));
        assertThat(route.sticky()).isTrue();
        assertThat(route.stickyCookie()).isEqualTo("go-demo");
    }

    @Test
    void plainServiceCompilesToRouteWithoutCookie() {
        Route route = compile(new ServiceSpec("go-demo", "go-demo", List.of(ROOT), false));
        assertThat(route.sticky()).isFalse();
    }

    private static Route compile(ServiceSpec service) {
        Snapshot snapshot = Compiler.compile(GatewayConfig.of(Specs.settings(List.of(new ListenerSpec(80, false,
                false)), List.of()), Map.of(service.name(), service)), 1);
        return snapshot.table(80).match("example.com", "/");
    }
}
