package dev.swarmgate.it;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code distribute=true} (dfp-compat §4.1) between real proxy replicas on 127.0.0.1-3: the replica that receives
 * the request resolves {@code tasks.proxy} and sends it, with {@code distribute=false}, to every replica, itself
 * included, in parallel; failures are reported with Docker Flow Proxy's messages.
 */
class DistributeTest {

    private static final String RECONFIGURE = "/v1/docker-flow-proxy/reconfigure?serviceName=go-demo"
            + "&servicePath=/demo&port=8080&distribute=true";
    private static final int REAL_REPLICAS = 3;

    private ProxyReplicas replicas;
    private HttpServer slowReplica;
    private final ExecutorService slowReplicaThreads = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeEach
    void startReplicas() throws InterruptedException {
        replicas = new ProxyReplicas(REAL_REPLICAS);
    }

    @AfterEach
    void stopReplicas() {
        if (slowReplica != null) {
            slowReplica.stop(0);
        }
        slowReplicaThreads.shutdownNow();
        replicas.close();
    }

    private void tasksResolveTo(List<InetAddress> addresses) {
        replicas.resolveTasks(host -> CompletableFuture.completedFuture(addresses));
    }

    private static List<InetAddress> realReplicas() {
        return IntStream.range(0, REAL_REPLICAS).mapToObj(ProxyReplicas::address).toList();
    }

    private boolean everyRealReplicaHas(String service) {
        return IntStream.range(0, REAL_REPLICAS)
                .allMatch(i -> replicas.replica(i).store().services().containsKey(service));
    }

    @Test
    void aDistributedReconfigureReachesEveryReplicaInParallel() throws IOException {
        // A fourth replica, listed first, answers only once the three real ones have applied the request: a
        // fan-out that called replicas one after the other would wait on it and never reach the others in time.
        List<String> slowReplicaQueries = new CopyOnWriteArrayList<>();
        startSlowReplica(slowReplicaQueries);
        tasksResolveTo(List.of(ProxyReplicas.address(3), ProxyReplicas.address(0), ProxyReplicas.address(1),
                ProxyReplicas.address(2)));

        GatewayUnderTest.Reply reply = replicas.admin(1, RECONFIGURE);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.body()).contains("\"Status\":\"OK\"").contains("\"Message\":\"Distributed to all instances\"")
                .contains("\"ServiceName\":\"go-demo\"");
        assertThat(everyRealReplicaHas("go-demo")).isTrue();
        assertThat(replicas.resolved()).containsExactly("tasks.proxy");
        assertThat(slowReplicaQueries).singleElement().asString()
                .isEqualTo("serviceName=go-demo&servicePath=/demo&port=8080&distribute=false");
    }

    /** Found by AdminQueryFuzzTest: a request every replica refuses alike was answered 500, as if one were down. */
    @Test
    void aRequestEveryReplicaRefusesAlikeIsAnsweredWithTheirStatusAndMessage() {
        tasksResolveTo(realReplicas());

        GatewayUnderTest.Reply reply = replicas.admin(0, "/v1/docker-flow-proxy/reconfigure?serviceName=db"
                + "&reqMode=tcp&srcPort=" + replicas.listenerPort() + "&port=5432&distribute=true");

        assertThat(reply.status()).as(reply.body()).isEqualTo(409);
        assertThat(reply.body()).contains("\"Status\":\"NOK\"").contains("already taken")
                .doesNotContain("Could not send distribute request");
        assertThat(IntStream.range(0, REAL_REPLICAS)
                .noneMatch(i -> replicas.replica(i).store().services().containsKey("db"))).isTrue();
    }

    @Test
    void aDistributedRemoveReachesEveryReplica() {
        tasksResolveTo(realReplicas());
        assertThat(replicas.admin(0, RECONFIGURE).status()).isEqualTo(200);
        assertThat(everyRealReplicaHas("go-demo")).isTrue();

        GatewayUnderTest.Reply reply = replicas.admin(2, "/v1/docker-flow-proxy/remove?serviceName=go-demo"
                + "&distribute=true");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).contains("\"Message\":\"Distributed to all instances\"");
        assertThat(IntStream.range(0, REAL_REPLICAS)
                .noneMatch(i -> replicas.replica(i).store().services().containsKey("go-demo"))).isTrue();
    }

    @Test
    void aDeadReplicaIsListedInA500WhileTheLiveOnesApplyTheChange() {
        InetAddress dead = ProxyReplicas.address(4);
        tasksResolveTo(List.of(ProxyReplicas.address(0), dead, ProxyReplicas.address(1), ProxyReplicas.address(2)));

        GatewayUnderTest.Reply reply = replicas.admin(0, RECONFIGURE);

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.body()).contains("\"Status\":\"NOK\"").contains("\"Message\":\"Could not send distribute "
                + "request to the following addresses: [" + dead.getHostAddress() + "]\"");
        assertThat(everyRealReplicaHas("go-demo")).isTrue();
    }

    @Test
    void aNameThatDoesNotResolveAnswersDfpsDnsMessage() {
        replicas.resolveTasks(host -> CompletableFuture.failedFuture(new UnknownHostException(host)));

        GatewayUnderTest.Reply reply = replicas.admin(0, RECONFIGURE);

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.body()).contains("\"Message\":\"Could not perform DNS lookup for tasks.proxy. If the proxy "
                + "is not called 'proxy', you must set SERVICE_NAME=<name-of-the-proxy> on the proxy service.\"");
        assertThat(IntStream.range(0, REAL_REPLICAS)
                .noneMatch(i -> replicas.replica(i).store().services().containsKey("go-demo"))).isTrue();
    }

    @Test
    void aNameWithoutAddressesAnswersDfpsNoReplicasMessage() {
        tasksResolveTo(List.of());

        GatewayUnderTest.Reply reply = replicas.admin(0, RECONFIGURE);

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.body()).contains("Could not resend distribution requests since no replicas of the"
                + " \\\"proxy\\\" were found. Please check that the name of the service is \\\"proxy\\\". If it isn't,"
                + " set the environment variable \\\"SERVICE_NAME\\\" with the name of the proxy service as value.");
    }

    @Test
    void anInvalidRequestIsRejectedWithoutBeingDistributed() {
        tasksResolveTo(realReplicas());

        GatewayUnderTest.Reply reply = replicas.admin(0, "/v1/docker-flow-proxy/reconfigure?serviceName=go-demo"
                + "&port=8080&distribute=true");

        assertThat(reply.status()).isEqualTo(409);
        assertThat(replicas.resolved()).isEmpty();
    }

    private void startSlowReplica(List<String> queries) throws IOException {
        slowReplica = HttpServer.create(new InetSocketAddress(ProxyReplicas.address(3), replicas.adminPort()), 16);
        slowReplica.setExecutor(slowReplicaThreads);
        slowReplica.createContext("/v1/docker-flow-proxy/reconfigure", exchange -> {
            queries.add(exchange.getRequestURI().getRawQuery());
            boolean othersApplied;
            try {
                await().atMost(Duration.ofSeconds(5)).until(() -> everyRealReplicaHas("go-demo"));
                othersApplied = true;
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                othersApplied = false;
            }
            byte[] body = (othersApplied ? "{\"Status\":\"OK\"}" : "{\"Status\":\"NOK\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(othersApplied ? 200 : 500, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        slowReplica.start();
    }
}
