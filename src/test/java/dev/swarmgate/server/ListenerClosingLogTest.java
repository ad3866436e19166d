package dev.swarmgate.server;

import dev.swarmgate.config.DomainMatch;
import dev.swarmgate.config.GatewayConfig;
import dev.swarmgate.config.ListenerSpec;
import dev.swarmgate.config.Settings;
import dev.swarmgate.config.Timeouts;
import dev.swarmgate.routing.Compiler;
import dev.swarmgate.testing.FreePort;
import dev.swarmgate.testing.LogCapture;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A listener's last log line says why it closed: a reconfiguration that drops its port, or the proxy stopping. */
class ListenerClosingLogTest {

    private final int kept = FreePort.pick();
    private final int dropped = FreePort.pick();

    @Test
    void aDroppedPortAndAShutdownAreLoggedApart() throws Exception {
        Gateway gateway = new Gateway(Optional.empty(), "127.0.0.1", 1);
        try (LogCapture log = LogCapture.of(Listener.class)) {
            apply(gateway, 1, kept, dropped);
            apply(gateway, 2, kept);

            assertThat(log.lines()).contains("port " + dropped + " is no longer configured (no service or setting"
                    + " uses it): stopped accepting, draining 0 connection(s)");

            gateway.shutdown(Duration.ofSeconds(1));

            assertThat(log.lines()).contains("stopping: port " + kept + " closed, draining 0 connection(s)")
                    .noneMatch(line -> line.contains("port " + kept + " is no longer configured"))
                    .filteredOn(line -> line.contains("port " + kept)).hasSize(1);
        }
    }

    private static void apply(Gateway gateway, long version, int... ports) throws Exception {
        List<ListenerSpec> listeners = java.util.Arrays.stream(ports).mapToObj(port -> new ListenerSpec(port, false,
                false)).toList();
        Settings settings = new Settings(1, "127.0.0.1", "127.0.0.1", 0, listeners, List.of(), Timeouts.dfpDefaults(),
                ",", DomainMatch.PREFIX, false, Optional.empty(), Optional.empty(), List.of());
        gateway.apply(Compiler.compile(GatewayConfig.of(settings, Map.of()), version)).get(5, TimeUnit.SECONDS);
    }
}
