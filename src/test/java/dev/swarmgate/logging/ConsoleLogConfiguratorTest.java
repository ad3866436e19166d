package dev.swarmgate.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/** The logging the proxy sets up in code, on a logback context of the test's own, writing to a captured stdout. */
class ConsoleLogConfiguratorTest {

    private static final String STAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d)";

    private final PrintStream stdout = System.out;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final LoggerContext context = new LoggerContext();

    @AfterEach
    void restore() {
        context.stop();
        System.setOut(stdout);
    }

    @Test
    void logsOneEscapedLinePerEventAtTheGivenLevel() {
        List<String> lines = logWith("warn");

        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst()).matches(STAMP + " WARN  \\[" + Thread.currentThread().getName()
                + "\\] Probe - a forged\\\\n2026-01-01 INFO line");
    }

    @Test
    void blankMeansInfoAndNettyLogsFromWarnUp() {
        List<String> lines = logWith(" ");

        assertThat(lines).hasSize(2);
        assertThat(lines.getFirst()).matches(STAMP + " INFO  .* Probe - routine");
        assertThat(context.getLogger("io.netty.channel").getEffectiveLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void anUnknownLevelLogsAtInfoAndSaysSo() {
        List<String> lines = logWith("verbose");

        assertThat(lines.getFirst()).matches(STAMP + " WARN  .* ConsoleLogConfigurator - SWARMGATE_LOG_LEVEL=verbose"
                + " is not a log level \\(TRACE, DEBUG, INFO, WARN, ERROR or OFF\\); logging at INFO");
        assertThat(lines).hasSize(3);
    }

    @Test
    void logbackFindsItAsAService() {
        assertThat(ServiceLoader.load(Configurator.class).stream().map(ServiceLoader.Provider::type))
                .contains(ConsoleLogConfigurator.class);
    }

    private List<String> logWith(String level) {
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        context.setMDCAdapter(new LogbackMDCAdapter()); // what slf4j's provider gives the context it makes
        // What configure(context) does after its check for a configuration file (the tests have logback-test.xml).
        ConsoleLogConfigurator.configure(context, level);
        context.getLogger("io.netty.channel.Probe").info("netty chatter");
        context.getLogger("dev.swarmgate.Probe").info("routine");
        context.getLogger("dev.swarmgate.Probe").warn("a forged\n2026-01-01 INFO line");
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
