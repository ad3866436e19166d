package dev.swarmgate.it.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmgate.testing.swarm.AdminApi;
import dev.swarmgate.testing.swarm.Poll;
import dev.swarmgate.testing.swarm.ProxyReplicas;
import dev.swarmgate.testing.swarm.ProxyService;
import dev.swarmgate.testing.swarm.Service;
import dev.swarmgate.testing.swarm.ServiceSpec;
import dev.swarmgate.testing.swarm.Swarm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two replicas of the proxy, each watching Docker by itself, end up serving the same configuration after every
 * change: the same routes answer on both, and {@code /v1/swarmgate/version} shows the same fingerprint.
 */
@Tag("swarm")
class ProxyReplicasIT {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyReplicasIT.class);
    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final Swarm swarm = new Swarm();

    static ProxyReplicas proxies;

    @BeforeAll
    static void startTwoReplicas() {
        proxies = ProxyReplicas.start(swarm, ProxyService.spec("proxy").env("SWARM_DISCOVERY", "on"), 2);
    }

    @Test
    void bothReplicasServeTheSameConfigurationAfterEveryChange() {
        List<String> fingerprints = new ArrayList<>();

        String onePath = swarm.path("one") + "/x";
        String twoPath = swarm.path("two") + "/x";
        String unoPath = swarm.path("uno") + "/x";

        Service one = swarm.create(ServiceSpec.routedBackend("one", swarm.path("one")));
        fingerprints.add(awaitBothServe("create one", Map.of(onePath, 200)));
        Service two = swarm.create(ServiceSpec.routedBackend("two", swarm.path("two")));
        fingerprints.add(awaitBothServe("create two", Map.of(onePath, 200, twoPath, 200)));
        one.update("--label-add", "com.df.servicePath=" + swarm.path("uno"));
        fingerprints.add(awaitBothServe("label-add servicePath on one", Map.of(unoPath, 200, onePath, 503)));
        two.remove();
        fingerprints.add(awaitBothServe("rm two", Map.of(unoPath, 200, twoPath, 503)));

        assertThat(fingerprints).as(() -> "one fingerprint per configuration\n" + swarm.diagnostics())
                .doesNotHaveDuplicates();
        List<AdminApi.Version> versions = proxies.replicas().stream().map(r -> r.admin().version()).toList();
        LOG.info("replicas after {} changes: {}", fingerprints.size(), versions);
        // The engine may hold labelled services of others: count only ours.
        assertThat(versions).extracting(AdminApi.Version::services)
                .as(() -> "services per replica\n" + swarm.diagnostics())
                .containsOnly(versions.getFirst().services());
        for (ProxyReplicas.Replica replica : proxies.replicas()) {
            assertThat(replica.admin().config().fieldNames()).toIterable()
                    .as(() -> "services of " + replica.describe() + "\n" + swarm.diagnostics())
                    .contains(one.name()).doesNotContain(two.name());
        }
    }

    /**
     * Waits until every replica answers each path with its status and all report one fingerprint, and returns it;
     * logs how long after the change that took.
     */
    private static String awaitBothServe(String change, Map<String, Integer> statusByPath) {
        Poll.Seen<Replicas> agreed = Poll.until("after " + change + ": " + statusByPath + " on both replicas, with"
                        + " one fingerprint", POLL, WAIT, () -> Replicas.ask(statusByPath), Replicas::agree,
                swarm::diagnostics);
        String fingerprint = agreed.value().fingerprints().iterator().next();
        LOG.info("measured replicas agree after {}: {} ms after the docker command returned, fingerprint {}",
                change, agreed.millis(), fingerprint);
        return fingerprint;
    }

    /** What the replicas said: the fingerprints they report, and any path that did not answer as expected. */
    private record Replicas(Set<String> fingerprints, List<String> unexpected) {

        static Replicas ask(Map<String, Integer> statusByPath) {
            Set<String> fingerprints = new HashSet<>();
            List<String> unexpected = new ArrayList<>();
            for (ProxyReplicas.Replica replica : proxies.replicas()) {
                statusByPath.forEach((path, status) -> {
                    int got = replica.send(path).status();
                    if (got != status) {
                        unexpected.add(replica.describe() + ": " + path + " answered " + got);
                    }
                });
                fingerprints.add(replica.admin().version().fingerprint());
            }
            return new Replicas(fingerprints, unexpected);
        }

        boolean agree() {
            return unexpected.isEmpty() && fingerprints.size() == 1;
        }
    }
}
