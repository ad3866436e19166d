package dev.swarmgate.it.process;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Prints the output of the processes a test ran when the test fails, so a failure in CI explains itself.
 * Register with {@code @RegisterExtension} and {@link #watch} each process.
 */
final class ProcessLogs implements TestWatcher {

    private final Map<String, Supplier<String>> logs = new LinkedHashMap<>();

    synchronized <T> T watch(String name, Supplier<String> log, T process) {
        logs.put(name, log);
        return process;
    }

    SwarmgateProcess watch(String name, SwarmgateProcess proxy) {
        return watch(name, proxy::log, proxy);
    }

    @Override
    public synchronized void testFailed(ExtensionContext context, Throwable cause) {
        logs.forEach((name, log) -> System.err.printf("%n===== %s log (%s failed) =====%n%s%n===== end of %s log =====%n",
                name, context.getDisplayName(), log.get(), name));
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        testFailed(context, cause);
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
    }
}
