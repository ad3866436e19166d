package dev.swarmgate.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.pattern.DynamicConverter;
import ch.qos.logback.core.spi.ContextAwareBase;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Swarmgate's logging, set up in code when logback starts: one line per event on stdout, messages and exceptions with
 * control characters escaped ({@code %oneLineMsg}, {@code %oneLineEx}, so text from the network can neither split
 * nor forge a line), the level from {@code SWARMGATE_LOG_LEVEL} (default INFO), Netty's own lines from WARN up.
 * Set up in code, not from a {@code logback.xml}: parsing the XML was 60 ms of every start (docs/benchmarks.md,
 * "Issue 11: start and warm-up, third round"). A configuration file given with {@code -Dlogback.configurationFile},
 * or a {@code logback-test.xml} on the class path (the tests'), is used instead; both can use the two conversion
 * words, which are registered for them too.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class ConsoleLogConfigurator extends ContextAwareBase implements Configurator {

    static final String PATTERN =
            "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{0} - %oneLineMsg%n%oneLineEx";
    static final String LEVEL_VARIABLE = "SWARMGATE_LOG_LEVEL";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty(ContextInitializer.CONFIG_FILE_PROPERTY) != null
                || ConsoleLogConfigurator.class.getResource("/" + ContextInitializer.TEST_AUTOCONFIG_FILE) != null) {
            registerConversionWords(context); // for the configuration file, which may use them
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        String level = System.getProperty(LEVEL_VARIABLE, System.getenv(LEVEL_VARIABLE));
        configure(context, level == null ? "" : level);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Stdout at {@code level} (a level name in any case; blank: INFO; anything else: INFO and a WARN line). */
    static void configure(LoggerContext context, String level) {
        registerConversionWords(context);
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("STDOUT");
        console.setEncoder(encoder);
        console.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Level parsed = Level.toLevel(level.trim().toUpperCase(Locale.ROOT), null);
        root.setLevel(parsed == null ? Level.INFO : parsed);
        root.addAppender(console);
        context.getLogger("io.netty").setLevel(Level.WARN);
        if (parsed == null && !level.isBlank()) {
            context.getLogger(ConsoleLogConfigurator.class).warn("{}={} is not a log level (TRACE, DEBUG, INFO, WARN,"
                    + " ERROR or OFF); logging at INFO", LEVEL_VARIABLE, level);
        }
    }

    @SuppressWarnings("unchecked")
    private static void registerConversionWords(LoggerContext context) {
        Map<String, Supplier<DynamicConverter<?>>> words =
                (Map<String, Supplier<DynamicConverter<?>>>) context.getObject(
                        CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS);
        if (words == null) {
            words = new HashMap<>();
            context.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, words);
        }
        words.put("oneLineMsg", OneLineMessageConverter::new);
        words.put("oneLineEx", OneLineThrowableConverter::new);
    }
}
