package dev.swarmgate.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback's {@code %msg} with control characters escaped ({@link OneLineText}), so no caller can split or forge a log
 * line whatever it logs. ConsoleLogConfigurator registers it as {@code %oneLineMsg}.
 */
public final class OneLineMessageConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return OneLineText.of(super.convert(event));
    }
}
