package dev.swarmgate.listener;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.swarmgate.listener.ListenerFixture.RECONFIGURE;
import static dev.swarmgate.listener.ListenerFixture.REMOVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Notification delivery against a real HTTP server standing in for the proxy (dfp-compat §5.5). */
class NotifierTest {

    private static final Duration FAST = Duration.ofMillis(100);
    private static final Map<String, String> GO_DEMO = Map.of("serviceName", "go-demo", "servicePath", "/demo",
            "port", "8080", "replicas", "1", "distribute", "true");

    private final RecordingProxy proxy = new RecordingProxy();
    private Notifier notifier;
    private final ListenerMetrics metrics = new ListenerMetrics();

    @AfterEach
    void close() {
        if (notifier != null) {
            notifier.close();
        }
        proxy.close();
    }

    private Notifier notifier(ListenerSettings settings) {
        notifier = new Notifier(settings, metrics);
        return notifier;
    }

    private static Notification create(String id, Map<String, String> parameters) {
        return new Notification(Notification.Kind.CREATE, id, parameters.get("serviceName"), parameters);
    }

    private static Notification remove(String id, Map<String, String> parameters) {
        return new Notification(Notification.Kind.REMOVE, id, parameters.get("serviceName"), parameters);
    }

    private static List<Delivery.Outcome> outcome(CompletableFuture<List<Delivery.Outcome>> sent) throws Exception {
        return sent.get(10, TimeUnit.SECONDS);
    }

    @Test
    void sendsTheParametersAsGoEncodesThemAppendedToEachUrlsOwnQueryWithThatUrlsMethod() throws Exception {
        notifier(ListenerFixture.settings(List.of(proxy.url(RECONFIGURE), proxy.url("/hook?hello=world"),
                proxy.url("/third")), "get, post", List.of(), 0, FAST, Duration.ofSeconds(5), ""));

        List<Delivery.Outcome> outcomes = outcome(notifier.send(create("s1", GO_DEMO)));

        assertThat(outcomes).containsOnly(Delivery.Outcome.DELIVERED).hasSize(3);
        String query = "distribute=true&port=8080&replicas=1&serviceName=go-demo&servicePath=%2Fdemo";
        assertThat(proxy.requests()).containsExactlyInAnyOrder(
                new RecordingProxy.Seen("GET", RECONFIGURE, query),
                new RecordingProxy.Seen("POST", "/hook", "hello=world&" + query),
                new RecordingProxy.Seen("POST", "/third", query)); // the last method repeats
    }

    @Test
    void retriesEveryIntervalUntilTheProxyAnswers200() throws Exception {
        notifier(ListenerFixture.settings(proxy, 5, FAST));
        proxy.answer(seen -> proxy.requests().size() < 3 ? 500 : 200);

        assertThat(outcome(notifier.send(create("s1", GO_DEMO)))).containsExactly(Delivery.Outcome.DELIVERED);

        assertThat(proxy.requestsTo(RECONFIGURE)).hasSize(3);
        assertThat(metrics.errors("notificationSendCreateServiceRequest")).isZero();
    }

    @Test
    void aCreateAnswered409IsDeliveredAtOnce() throws Exception {
        notifier(ListenerFixture.settings(proxy, 5, FAST));
        proxy.answer(seen -> 409);

        assertThat(outcome(notifier.send(create("s1", GO_DEMO)))).containsExactly(Delivery.Outcome.DELIVERED);

        assertThat(proxy.requests()).hasSize(1);
    }

    @Test
    void aRemoveAnswered409IsRetriedAndGivenUpAfterTheLastRetry() throws Exception {
        notifier(ListenerFixture.settings(proxy, 2, FAST));
        proxy.answer(seen -> 409);

        assertThat(outcome(notifier.send(remove("s1", Map.of("serviceName", "go-demo", "distribute", "true")))))
                .containsExactly(Delivery.Outcome.FAILED);

        assertThat(proxy.requestsTo(REMOVE)).hasSize(3).allSatisfy(seen ->
                assertThat(seen.query()).isEqualTo("distribute=true&serviceName=go-demo"));
        assertThat(metrics.errors("notificationSendRemoveServiceRequest")).isEqualTo(1);
        assertThat(metrics.scrape()).contains("docker_flow_error{operation=\"notificationSendRemoveServiceRequest\","
                + "service=\"swarm_listener\"} 1\n");
    }

    @Test
    void aRetryIntervalOfZeroMeansASingleAttempt() throws Exception {
        notifier(ListenerFixture.settings(proxy, 50, Duration.ZERO));
        proxy.answer(seen -> 500);

        assertThat(outcome(notifier.send(create("s1", GO_DEMO)))).containsExactly(Delivery.Outcome.FAILED);

        assertThat(proxy.requests()).hasSize(1);
    }

    @Test
    void anUnreachableProxyIsRetriedLikeAnError() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + RECONFIGURE;
        notifier(ListenerFixture.settings(List.of(url), "GET", List.of(), 2, FAST, Duration.ofSeconds(5), ""));

        long started = System.nanoTime();
        assertThat(outcome(notifier.send(create("s1", GO_DEMO)))).containsExactly(Delivery.Outcome.FAILED);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("two retry intervals passed")
                .isGreaterThanOrEqualTo(FAST.multipliedBy(2));
        assertThat(metrics.errors("notificationSendCreateServiceRequest")).isEqualTo(1);
    }

    @Test
    void anAttemptWithoutAnswerEndsAtTheTimeoutAndIsRetried() throws Exception {
        notifier(ListenerFixture.settings(List.of(proxy.url(RECONFIGURE)), "GET", List.of(), 1, FAST,
                Duration.ofMillis(300), ""));
        proxy.answer(seen -> proxy.requests().size() == 1 ? 0 : 200); // the first is never answered

        assertThat(outcome(notifier.send(create("s1", GO_DEMO)))).containsExactly(Delivery.Outcome.DELIVERED);

        assertThat(proxy.requests()).hasSize(2);
    }

    @Test
    void aNewerNotificationForTheSameServiceCancelsTheRetriesOfTheOlder() throws Exception {
        notifier(ListenerFixture.settings(proxy, 1000, FAST));
        Map<String, String> older = Map.of("serviceName", "go-demo", "servicePath", "/old", "distribute", "true");
        Map<String, String> newer = Map.of("serviceName", "go-demo", "servicePath", "/new", "distribute", "true");
        proxy.answer(seen -> seen.query().contains("%2Fold") ? 500 : 200);

        CompletableFuture<List<Delivery.Outcome>> first = notifier.send(create("s1", older));
        await().atMost(Duration.ofSeconds(10)).until(() -> proxy.requests().size() >= 2); // retrying
        CompletableFuture<List<Delivery.Outcome>> second = notifier.send(create("s1", newer));

        assertThat(outcome(first)).containsExactly(Delivery.Outcome.CANCELLED);
        assertThat(outcome(second)).containsExactly(Delivery.Outcome.DELIVERED);
        long olderAttempts = proxy.requests().stream().filter(seen -> seen.query().contains("%2Fold")).count();
        await().during(FAST.multipliedBy(5)).atMost(FAST.multipliedBy(10)).until(() ->
                proxy.requests().stream().filter(seen -> seen.query().contains("%2Fold")).count() == olderAttempts);
        assertThat(notifier.underWay()).isZero();
    }

    @Test
    void aNewerNotificationAbortsTheOlderRequestStillInFlight() throws Exception {
        notifier(ListenerFixture.settings(List.of(proxy.url(RECONFIGURE)), "GET", List.of(proxy.url(REMOVE)), 5,
                FAST, Duration.ofSeconds(30), ""));
        proxy.answer(seen -> seen.path().equals(RECONFIGURE) ? 0 : 200); // creates hang

        CompletableFuture<List<Delivery.Outcome>> create = notifier.send(create("s1", GO_DEMO));
        await().atMost(Duration.ofSeconds(10)).until(() -> proxy.requestsTo(RECONFIGURE).size() == 1);
        CompletableFuture<List<Delivery.Outcome>> remove = notifier.send(remove("s1",
                Map.of("serviceName", "go-demo", "distribute", "true")));

        assertThat(create.get(5, TimeUnit.SECONDS)).as("cancelled long before the 30 s timeout")
                .containsExactly(Delivery.Outcome.CANCELLED);
        assertThat(outcome(remove)).containsExactly(Delivery.Outcome.DELIVERED);
        assertThat(proxy.requestsTo(RECONFIGURE)).hasSize(1);
    }

    @Test
    void notificationsOfOtherServicesAreNotCancelled() throws Exception {
        notifier(ListenerFixture.settings(proxy, 3, FAST));
        proxy.answer(seen -> seen.query().endsWith("serviceName=a") && attemptsFor("serviceName=a") < 3 ? 500 : 200);

        CompletableFuture<List<Delivery.Outcome>> a = notifier.send(create("a", Map.of("serviceName", "a",
                "distribute", "true")));
        await().atMost(Duration.ofSeconds(10)).until(() -> attemptsFor("serviceName=a") >= 1); // a is retrying
        CompletableFuture<List<Delivery.Outcome>> b = notifier.send(create("b", Map.of("serviceName", "b",
                "distribute", "true")));

        assertThat(outcome(b)).containsExactly(Delivery.Outcome.DELIVERED);
        assertThat(outcome(a)).containsExactly(Delivery.Outcome.DELIVERED);
        assertThat(attemptsFor("serviceName=a")).isEqualTo(3);
    }

    private long attemptsFor(String queryEnd) {
        return proxy.requests().stream().filter(seen -> seen.query().endsWith(queryEnd)).count();
    }
}
