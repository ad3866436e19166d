package dev.swarmgate.it.process;

import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Prints the output of the processes a test ran when the test fails, so a failure in CI explains itself.
 * Register with {@code @RegisterExtension} and {@link #watch} each process. Prints right after the test method,
 * before {@code @AfterEach} and before JUnit deletes the {@code @TempDir} that holds the logs.
 */
final class ProcessLogs implements AfterTestExecutionCallback {

    private final Map<String, Supplier<String>> logs = new LinkedHashMap<>();

    synchronized <T> T watch(String name, Supplier<String> log, T process) {
        logs.put(name, log);
        return process;
    }

    SwarmgateProcess watch(String name, SwarmgateProcess proxy) {
        return watch(name, proxy::log, proxy);
    }

    @Override
    public synchronized void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isEmpty()) {
            return;
        }
        logs.forEach((name, log) -> System.err.printf("%n===== %s log (%s failed) =====%n%s%n===== end of %s log =====%n",
                name, context.getDisplayName(), log.get(), name));
    }
}
