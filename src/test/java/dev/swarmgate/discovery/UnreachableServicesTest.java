package dev.swarmgate.discovery;

import dev.swarmgate.docker.NetworkAttachment;
import dev.swarmgate.docker.SwarmService;
import dev.swarmgate.docker.SwarmTask;
import dev.swarmgate.testing.LogCapture;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which routed services the proxy cannot reach for want of a shared network, and how often that is said. */
class UnreachableServicesTest {

    private static final TaskNetworks PROXY = new TaskNetworks(Map.of("n-proxy", "proxy_proxy"));
    private static final SwarmService WEB = new SwarmService("s1", "shop_web", Map.of("com.df.notify", "true",
            "com.df.shortName", "true", "com.docker.stack.namespace", "shop"), 1, SwarmService.Mode.REPLICATED, 2,
            "vip", "img");

    private final UnreachableServices check = new UnreachableServices();

    @Test
    void runningTasksOnNoNetworkOfTheProxyAreWarnedOnceWithBothSidesAndTheFixAndShownUnderTheRouteName() {
        List<SwarmTask> tasks = List.of(task("t1", "running", "shop_default"), task("t2", "running", "shop_default"));
        try (LogCapture log = LogCapture.of(UnreachableServices.class)) {
            for (int listing = 0; listing < 5; listing++) {
                check.tasksListed(List.of(WEB), tasks, PROXY);
            }

            assertThat(log.lines()).singleElement().isEqualTo("Swarm service shop_web has 2 running task(s) but none"
                    + " on a network this proxy is on, so its route answers 503: this proxy is on [proxy_proxy],"
                    + " shop_web's tasks are on [shop_default]. Attach it to the proxy's network: docker service"
                    + " update --network-add proxy_proxy shop_web, or in a stack file list the network under the"
                    + " service's networks: (networks: [proxy] in the proxy's own stack; from another stack declare"
                    + " it under the top-level networks: with external: true and name: proxy_proxy).");
        }
        assertThat(check.problemOf("web")).hasValueSatisfying(problem -> assertThat(problem)
                .startsWith("2 running task(s), none on a network this proxy is on (this proxy is on [proxy_proxy],"
                        + " the tasks are on [shop_default]).")
                .contains("docker service update --network-add proxy_proxy shop_web"));
        assertThat(check.problemOf("shop_web")).isEmpty();
    }

    @Test
    void aTaskOnTheProxysNetworkClearsTheProblemWithOneInfoLine() {
        check.tasksListed(List.of(WEB), List.of(task("t1", "running", "shop_default")), PROXY);
        try (LogCapture log = LogCapture.of(UnreachableServices.class)) {
            check.tasksListed(List.of(WEB), List.of(task("t2", "running", "shop_default", "proxy_proxy")), PROXY);
            check.tasksListed(List.of(WEB), List.of(task("t2", "running", "shop_default", "proxy_proxy")), PROXY);

            assertThat(log.lines()).containsExactly("Swarm service shop_web can be reached again: its tasks are on"
                    + " [proxy_proxy, shop_default], a network this proxy is on");
        }
        assertThat(check.problemOf("web")).isEmpty();
    }

    @Test
    void aServiceWithoutARunningTaskIsNotThisProblemAndKeepsWhatWasWarned() {
        try (LogCapture log = LogCapture.of(UnreachableServices.class)) {
            check.tasksListed(List.of(WEB), List.of(task("t1", "starting", "shop_default")), PROXY);
            assertThat(log.lines()).isEmpty();
            assertThat(check.problemOf("web")).isEmpty();

            check.tasksListed(List.of(WEB), List.of(task("t1", "running", "shop_default")), PROXY);
            check.tasksListed(List.of(WEB), List.of(), PROXY);
            check.tasksListed(List.of(WEB), List.of(task("t2", "running", "shop_default")), PROXY);
            assertThat(log.lines()).as("a restarted task on the same network is the same state").hasSize(1);
        }
    }

    @Test
    void aProxyThatIsNotATaskWarnsAboutTasksOnIngressOnly() {
        try (LogCapture log = LogCapture.of(UnreachableServices.class)) {
            check.tasksListed(List.of(WEB), List.of(task("t1", "running", "ingress")), TaskNetworks.ALL_BUT_INGRESS);

            assertThat(log.lines()).singleElement().asString().contains("this proxy is not a swarm task and reaches"
                    + " tasks on every network but ingress, shop_web's tasks are on [ingress]");
        }
    }

    private static SwarmTask task(String id, String state, String... networks) {
        List<NetworkAttachment> attachments = java.util.Arrays.stream(networks).map(network -> new NetworkAttachment(
                network.equals("proxy_proxy") ? "n-proxy" : "n-" + network, network, List.of("10.0.9." + id.length())))
                .toList();
        return new SwarmTask(id, "s1", "node", 1, "running", state, "c-" + id, attachments);
    }
}
