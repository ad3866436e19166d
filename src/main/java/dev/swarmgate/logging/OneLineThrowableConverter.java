package dev.swarmgate.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;

/**
 * Logback's stack trace ({@code %ex}) with each exception's message escaped ({@link OneLineText}): a stack trace is
 * many lines by design, but a message (which may quote input) must not add lines of its own. ConsoleLogConfigurator registers
 * it as {@code %oneLineEx}.
 */
public final class OneLineThrowableConverter extends ThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy thrown) {
        return super.throwableProxyToString(escaped(thrown));
    }

    private static IThrowableProxy escaped(IThrowableProxy thrown) {
        return thrown == null ? null : new EscapedThrowable(thrown);
    }

    /** The exception as logback sees it, with its messages (and those of its causes) escaped. */
    private record EscapedThrowable(IThrowableProxy thrown) implements IThrowableProxy {

        @Override
        public String getMessage() {
            return OneLineText.of(thrown.getMessage());
        }

        @Override
        public String getOverridingMessage() {
            return OneLineText.of(thrown.getOverridingMessage());
        }

        @Override
        public String getClassName() {
            return thrown.getClassName();
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return thrown.getStackTraceElementProxyArray();
        }

        @Override
        public int getCommonFrames() {
            return thrown.getCommonFrames();
        }

        @Override
        public IThrowableProxy getCause() {
            return escaped(thrown.getCause());
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            IThrowableProxy[] suppressed = thrown.getSuppressed();
            if (suppressed == null) {
                return null;
            }
            IThrowableProxy[] copy = new IThrowableProxy[suppressed.length];
            for (int i = 0; i < suppressed.length; i++) {
                copy[i] = escaped(suppressed[i]);
            }
            return copy;
        }

        @Override
        public boolean isCyclic() {
            return thrown.isCyclic();
        }
    }
}
