package dev.swarmgate.listener;

import dev.swarmgate.config.dfp.NotifyLabel;
import dev.swarmgate.docker.DockerEndpoint;
import dev.swarmgate.docker.SwarmService;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The listener's parts wired as {@code ListenerRuntime} wires them, minus Docker: tests hand the change detector
 * {@link SwarmService} values the way the swarm watcher would. Notifications go to a {@link RecordingProxy}.
 */
final class ListenerFixture implements AutoCloseable {

    static final String RECONFIGURE = "/v1/docker-flow-proxy/reconfigure";
    static final String REMOVE = "/v1/docker-flow-proxy/remove";

    final ListenerSettings settings;
    final ListenerMetrics metrics = new ListenerMetrics();
    final Notifier notifier;
    final ServiceFeed feed = new ServiceFeed(1000);
    final ChangeDetector detector;

    ListenerFixture(ListenerSettings settings) {
        this.settings = settings;
        this.notifier = new Notifier(settings, metrics);
        this.detector = new ChangeDetector(settings, notifier, feed, metrics);
    }

    /** Create notifications to the proxy's reconfigure, removes to its remove, with these retries. */
    static ListenerSettings settings(RecordingProxy proxy, int retries, Duration interval) {
        return settings(List.of(proxy.url(RECONFIGURE)), "GET", List.of(proxy.url(REMOVE)), retries, interval,
                Duration.ofSeconds(5), "");
    }

    static ListenerSettings settings(List<String> createUrls, String createMethods, List<String> removeUrls,
                                     int retries, Duration interval, Duration timeout, String namePrefix) {
        return new ListenerSettings(DockerEndpoint.parse(DockerEndpoint.DEFAULT), NotifyLabel.DEFAULT,
                NotifyTarget.list(createUrls, "create URLs", createMethods, "create methods"),
                NotifyTarget.list(removeUrls, "remove URLs", "GET", "remove methods"), retries, interval, timeout,
                Duration.ofSeconds(30), Duration.ofMillis(250), Duration.ofSeconds(1), namePrefix, "127.0.0.1", 0, List.of());
    }

    /** A replicated service marked with com.df.notify=true and these com.df.* labels (pairs, prefix added). */
    static SwarmService service(String id, String name, long replicas, String... labels) {
        return new SwarmService(id, name, labels(labels), 1, SwarmService.Mode.REPLICATED, replicas, "vip",
                "nginx:1");
    }

    static Map<String, String> labels(String... pairs) {
        Map<String, String> labels = new HashMap<>();
        labels.put("com.df.notify", "true");
        for (int i = 0; i < pairs.length; i += 2) {
            labels.put("com.df." + pairs[i], pairs[i + 1]);
        }
        return labels;
    }

    @Override
    public void close() {
        notifier.close();
    }
}
