package dev.swarmgate.cli;

import dev.swarmgate.config.Settings;
import dev.swarmgate.config.dfp.HandOverSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;

/** {@code swarmgate proxy}: the proxy, configured like Docker Flow Proxy from the environment and secrets. */
@Command(name = "proxy", mixinStandardHelpOptions = true,
        description = "Run the proxy. Settings come from Docker Flow Proxy's environment variables and dfp_* secrets "
                + "in SECRETS_DIR (default /run/secrets).")
final class ProxyCommand implements Callable<Integer> {

    @Option(names = "--take-over", description = "Take the listening sockets over from the Swarmgate running with the"
            + " same STATE_DIR (it drains and exits) instead of binding the ports; same as TAKE_OVER=true.")
    boolean takeOver;

    static final int BAD_SETTING = 2;
    private static final Logger LOG = LoggerFactory.getLogger(ProxyCommand.class);

    /**
     * Runs the proxy as picocli's {@code execute} would for {@code swarmgate proxy} (see Main): the exit code of
     * {@link #call()}, or its exception's stack trace on stderr and 1.
     */
    static int runWithoutCommandLine() {
        try {
            return new ProxyCommand().call();
        } catch (Exception e) {
            e.printStackTrace();
            return 1;
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> env = System.getenv();
        if (takeOver) {
            env = new HashMap<>(env);
            env.put("TAKE_OVER", "true");
        }
        Path secrets = Path.of(env.getOrDefault("SECRETS_DIR", "/run/secrets"));
        ProxyRuntime runtime;
        try {
            runtime = ProxyRuntime.fromEnvironment(env, secrets);
            HandOverSettings.read(env); // TAKE_OVER, DRAIN_TIMEOUT: a typo is a setting error, not a stack trace
        } catch (IllegalArgumentException e) {
            System.err.println("swarmgate: " + e.getMessage());
            return BAD_SETTING;
        }
        Settings settings = runtime.settings();
        settings.unsupported().forEach(sentence -> LOG.warn("{}", sentence));
        try {
            runtime.start();
        } catch (IllegalStateException e) {
            LOG.error("{}", e.getMessage());
            return 1;
        }
        runUntilStopped(runtime);
        return 0;
    }

    /**
     * Serves until SIGTERM or SIGINT, or until a successor takes the sockets over; either way drains for up to
     * DRAIN_TIMEOUT before the process ends.
     */
    private static void runUntilStopped(ProxyRuntime runtime) throws InterruptedException {
        Duration drain = runtime.handOver().drainTimeout();
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("shutdown").unstarted(() -> {
            LOG.info("Shutting down: draining for up to {} ms (DRAIN_TIMEOUT)", drain.toMillis());
            runtime.drain(drain);
        }));
        try {
            runtime.takenOver().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        LOG.info("Taken over: draining for up to {} ms (DRAIN_TIMEOUT), then exiting", drain.toMillis());
        runtime.drain(drain);
    }

    /** Blocks until SIGTERM or SIGINT, whose shutdown hook closes the runtime cleanly. */
    static void awaitShutdown(AutoCloseable... resources) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("shutdown").unstarted(() -> {
            LOG.info("Shutting down");
            for (AutoCloseable resource : resources) {
                try {
                    resource.close();
                } catch (Exception e) {
                    LOG.warn("Closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
                }
            }
            closed.countDown();
        }));
        closed.await();
    }
}
