package dev.swarmgate.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code swarmgate listener}: Docker Flow Swarm Listener's job, configured by its environment and secrets. */
@Command(name = "listener", mixinStandardHelpOptions = true,
        description = "Watch swarm services labelled com.df.notify=true and notify proxies, as Docker Flow Swarm "
                + "Listener does (DF_* variables, df_notify_* secrets in SECRETS_DIR, default /run/secrets); serve "
                + "get-services, notify-services and the feed on port 8080. See docs/listener.md.")
final class ListenerCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerCommand.class);

    @Option(names = "--port", description = "Port of the HTTP API (default: LISTENER_PORT, else 8080).")
    Integer port;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> env = new HashMap<>(System.getenv());
        if (port != null) {
            env.put("LISTENER_PORT", port.toString());
        }
        Path secrets = Path.of(env.getOrDefault("SECRETS_DIR", "/run/secrets"));
        ListenerRuntime runtime;
        try {
            runtime = ListenerRuntime.fromEnvironment(env, secrets);
        } catch (IllegalArgumentException e) {
            System.err.println("swarmgate listener: " + e.getMessage());
            return ProxyCommand.BAD_SETTING;
        }
        runtime.settings().notes().forEach(note -> LOG.warn("{}", note));
        try {
            runtime.start();
        } catch (RuntimeException e) {
            LOG.error("The listener could not start: {}", e.getMessage());
            return 1;
        }
        ProxyCommand.awaitShutdown(runtime);
        return 0;
    }
}
