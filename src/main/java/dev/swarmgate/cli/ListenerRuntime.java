package dev.swarmgate.cli;

import dev.swarmgate.discovery.MisplacedLabels;
import dev.swarmgate.discovery.SwarmWatcher;
import dev.swarmgate.discovery.TaskNetworks;
import dev.swarmgate.docker.DockerClient;
import dev.swarmgate.docker.SwarmNode;
import dev.swarmgate.docker.SwarmTask;
import dev.swarmgate.httpapi.ApiServer;
import dev.swarmgate.listener.ChangeDetector;
import dev.swarmgate.listener.ListenerApi;
import dev.swarmgate.listener.ListenerMetrics;
import dev.swarmgate.listener.ListenerSettings;
import dev.swarmgate.listener.Notifier;
import dev.swarmgate.listener.ServiceFeed;
import dev.swarmgate.listener.SwarmQueries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code swarmgate listener} in one object: the swarm watcher feeding the change detector, which notifies the
 * proxies and keeps the feed, and the HTTP API. Used by the command and, in-process, by tests.
 */
public final class ListenerRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerRuntime.class);
    private static final Duration FIRST_LISTING_WAIT = Duration.ofSeconds(10);
    private static final int MAX_REQUEST_BYTES = 64 * 1024;

    private final ListenerSettings settings;
    private DockerClient docker;
    private Notifier notifier;
    private ChangeDetector detector;
    private ServiceFeed feed;
    private ApiServer server;
    private SwarmWatcher watcher;

    public ListenerRuntime(ListenerSettings settings) {
        this.settings = settings;
    }

    /** @throws IllegalArgumentException naming the variable and the fix when a setting is malformed */
    public static ListenerRuntime fromEnvironment(Map<String, String> env, Path secretsDir) {
        return new ListenerRuntime(ListenerSettings.read(env, secretsDir));
    }

    public ListenerSettings settings() {
        return settings;
    }

    /** Binds the API, then starts watching the swarm; returns when the API accepts connections. */
    public synchronized ListenerRuntime start() throws InterruptedException {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        ListenerMetrics metrics = new ListenerMetrics();
        docker = new DockerClient(settings.docker());
        notifier = new Notifier(settings, metrics);
        feed = new ServiceFeed(System.currentTimeMillis());
        detector = new ChangeDetector(settings, notifier, feed, metrics);
        DockerClient engine = docker;
        SwarmQueries queries = new SwarmQueries() {
            @Override
            public CompletableFuture<List<SwarmTask>> runningTasks(List<String> serviceIds) {
                return engine.tasks(Map.of("service", serviceIds, "desired-state", List.of("running")));
            }

            @Override
            public CompletableFuture<List<SwarmNode>> nodes() {
                return engine.nodes();
            }
        };
        try {
            server = new ApiServer("Listener API", settings.host(), settings.port(), MAX_REQUEST_BYTES,
                    new ListenerApi(detector, feed, metrics, queries, FIRST_LISTING_WAIT)).start();
        } catch (RuntimeException | InterruptedException e) {
            close();
            throw e;
        }
        watcher = new SwarmWatcher(engine, settings.discovery(),
                () -> CompletableFuture.completedFuture(TaskNetworks.ALL_BUT_INGRESS),
                List.of(detector, new MisplacedLabels(settings.notifyLabel()))).start();
        LOG.info("Listening to swarm services labelled {} on {}; create notifications to {}, remove notifications"
                        + " to {} ({} retries every {} s, {} s per attempt)", settings.notifyLabel(), engine.endpoint(),
                settings.createTargets(), settings.removeTargets(), settings.retries(),
                settings.retryInterval().toSeconds(), settings.requestTimeout().toSeconds());
        return this;
    }

    /** The API's bound port. */
    public int port() {
        return server.port();
    }

    public ServiceFeed feed() {
        return feed;
    }

    public ChangeDetector detector() {
        return detector;
    }

    /** Stops watching, cancels notifications under way, closes the API. Safe to call more than once. */
    @Override
    public synchronized void close() {
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
        if (server != null) {
            server.close();
            server = null;
        }
        if (notifier != null) {
            notifier.close();
            notifier = null;
        }
        if (docker != null) {
            docker.close();
            docker = null;
        }
    }
}
