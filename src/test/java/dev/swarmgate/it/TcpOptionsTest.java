package dev.swarmgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swarmgate.testing.FreePort;
import dev.swarmgate.testing.Redis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * DFP's TCP options through the running proxy, with Debian's redis-server as the backends, redis-cli and raw sockets
 * as clients and {@code ss} as the witness of the client sockets' options.
 */
class TcpOptionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final GatewayPerTest proxy = new GatewayPerTest();

    @Test
    void clitcpkaSetsSoKeepaliveOnTheAcceptedClientSocketOnlyOnItsPort() throws Exception {
        try (Redis redis = Redis.start()) {
            int withKeepAlive = FreePort.pick();
            int without = FreePort.pick();
            proxy.gateway().route("serviceName=ka&reqMode=tcp&clitcpka=true&outboundHostname=127.0.0.1&srcPort="
                    + withKeepAlive + "&port=" + redis.port());
            proxy.gateway().route("serviceName=noka&reqMode=tcp&outboundHostname=127.0.0.1&srcPort=" + without
                    + "&port=" + redis.port());

            try (RedisConnection a = RedisConnection.open(withKeepAlive);
                 RedisConnection b = RedisConnection.open(without)) {
                assertThat(a.ping()).isEqualTo("+PONG");
                assertThat(b.ping()).isEqualTo("+PONG");

                // The proxy's side of each client connection is the socket whose local port is the srcPort.
                assertThat(acceptedSockets(withKeepAlive)).contains("timer:(keepalive");
                String plain = acceptedSockets(without);
                assertThat(plain).contains(":" + without + " ").doesNotContain("keepalive");
            }
            assertThat(proxy.gateway().admin("/v1/docker-flow-proxy/config").body()).contains("clitcpka");
        }
    }

    @Test
    void checkTcpTakesADeadEndpointOutOfThePool() throws Exception {
        try (Redis live = Redis.start()) {
            int dead = FreePort.pick();
            int srcPort = FreePort.pick();
            String common = "&reqMode=tcp&serviceGroup=cache&balanceGroup=roundrobin&checkTcp=true"
                    + "&healthCheckInterval=1&healthCheckTimeout=1&healthCheckFall=1&outboundHostname=127.0.0.1"
                    + "&srcPort=" + srcPort;
            proxy.gateway().route("serviceName=live" + common + "&port=" + live.port());
            proxy.gateway().route("serviceName=dead" + common + "&port=" + dead);

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                JsonNode endpoints = JSON.readTree(proxy.gateway().admin("/v1/swarmgate/endpoints").body())
                        .path("dead").path(0).path("endpoints");
                assertThat(endpoints).anySatisfy(endpoint -> {
                    assertThat(endpoint.path("address").asText()).isEqualTo("127.0.0.1:" + dead);
                    assertThat(endpoint.path("healthy").asBoolean()).isFalse();
                });
                assertThat(endpoints).anySatisfy(endpoint -> {
                    assertThat(endpoint.path("address").asText()).isEqualTo("127.0.0.1:" + live.port());
                    assertThat(endpoint.path("healthy").asBoolean()).isTrue();
                });
            });
            for (int i = 0; i < 6; i++) {
                assertThat(servingPort(srcPort)).isEqualTo(live.port());
            }
        }
    }

    @Test
    void twoServicesOfOneGroupShareTheSrcPortAndRemovingOneKeepsTheOtherServing() throws Exception {
        try (Redis first = Redis.start(); Redis second = Redis.start()) {
            int srcPort = FreePort.pick();
            String common = "&reqMode=tcp&serviceGroup=cache&balanceGroup=roundrobin&outboundHostname=127.0.0.1"
                    + "&srcPort=" + srcPort;
            proxy.gateway().route("serviceName=redis1" + common + "&port=" + first.port());
            proxy.gateway().route("serviceName=redis2" + common + "&port=" + second.port());

            Set<Integer> served = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                served.add(servingPort(srcPort));
            }
            assertThat(served).containsExactlyInAnyOrder(first.port(), second.port());
            assertThat(proxy.gateway().admin("/v1/docker-flow-proxy/config").body())
                    .contains("tcp " + srcPort + " -> serviceGroup cache@" + srcPort, "services redis1, redis2");

            try (RedisConnection onFirst = connectionTo(srcPort, first.port());
                 RedisConnection onSecond = connectionTo(srcPort, second.port())) {
                assertThat(proxy.gateway().remove("redis2").status()).isEqualTo(200);

                assertThat(onFirst.ping()).as("the remaining member's connection").isEqualTo("+PONG");
                assertThat(onSecond.ping()).as("the removed member's open connection drains").isEqualTo("+PONG");
                for (int i = 0; i < 6; i++) {
                    assertThat(servingPort(srcPort)).isEqualTo(first.port());
                }
            }
        }
    }

    @Test
    void aServiceOfAnotherGroupOnTheGroupsPortIsRefusedWith409() {
        int srcPort = FreePort.pick();
        proxy.gateway().route("serviceName=redis1&reqMode=tcp&serviceGroup=cache&outboundHostname=127.0.0.1&srcPort="
                + srcPort + "&port=6379");

        GatewayUnderTest.Reply reply = proxy.gateway().reconfigure("serviceName=redis2&reqMode=tcp&serviceGroup=queue"
                + "&outboundHostname=127.0.0.1&srcPort=" + srcPort + "&port=6380");

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.body()).contains("already taken by service redis1 (reqMode=tcp, serviceGroup=cache)");
    }

    @Test
    void badBalanceGroupIsA400AndThePreviousVersionKeepsServing() {
        try (Redis redis = Redis.start()) {
            int srcPort = FreePort.pick();
            String service = "serviceName=redis&reqMode=tcp&outboundHostname=127.0.0.1&srcPort=" + srcPort + "&port="
                    + redis.port();
            proxy.gateway().route(service);

            GatewayUnderTest.Reply reply = proxy.gateway().reconfigure(service + "&balanceGroup=uri");

            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.body()).contains("balanceGroup=uri", "roundrobin, static-rr, leastconn, source, random");
            assertThat(Redis.cli(srcPort, "PING")).isEqualTo("PONG");
        }
    }

    @Test
    void filterProxyInstanceNameAppliesOnlyThisInstancesServices() {
        try (Redis redis = Redis.start();
             GatewayUnderTest gateway = GatewayUnderTest.start(Map.of("FILTER_PROXY_INSTANCE_NAME", "true",
                     "PROXY_INSTANCE_NAME", "edge"))) {
            int srcPort = FreePort.pick();
            String service = "serviceName=redis&reqMode=tcp&outboundHostname=127.0.0.1&srcPort=" + srcPort + "&port="
                    + redis.port();

            GatewayUnderTest.Reply other = gateway.reconfigure(service + "&proxyInstanceName=internal");
            assertThat(other.status()).as("DFP answers success and changes nothing").isEqualTo(200);
            assertThat(other.body()).contains("\"Status\":\"OK\"", "PROXY_INSTANCE_NAME=edge");
            assertThat(gateway.reconfigure(service).status()).isEqualTo(200);
            assertThat(GatewayUnderTest.accepts(srcPort)).isFalse();

            gateway.route(service + "&proxyInstanceName=Edge");
            assertThat(Redis.cli(srcPort, "PING")).isEqualTo("PONG");

            // Another instance scaling the service to zero is not this proxy's removal.
            assertThat(gateway.reconfigure(service + "&proxyInstanceName=internal&replicas=0").status())
                    .isEqualTo(200);
            assertThat(Redis.cli(srcPort, "PING")).isEqualTo("PONG");

            // remove names only the service, as in DFP: it is not filtered.
            assertThat(gateway.remove("redis").status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> !GatewayUnderTest.accepts(srcPort));
        }
    }

    /** {@code ss} lines of the established sockets whose local port is {@code port}, with their timers. */
    private static String acceptedSockets(int port) throws IOException, InterruptedException {
        Process ss = new ProcessBuilder("ss", "-tnoH", "state", "established", "( sport = :" + port + " )")
                .redirectErrorStream(true).start();
        assertThat(ss.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** The port of the redis-server a new connection to {@code srcPort} reached. */
    private static int servingPort(int srcPort) throws IOException {
        try (RedisConnection connection = RedisConnection.open(srcPort)) {
            return connection.serverPort();
        }
    }

    /** A connection through {@code srcPort} that reached the redis-server on {@code backendPort}. */
    private static RedisConnection connectionTo(int srcPort, int backendPort) throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            RedisConnection connection = RedisConnection.open(srcPort);
            if (connection.serverPort() == backendPort) {
                return connection;
            }
            connection.close();
        }
        throw new AssertionError("no connection through " + srcPort + " reached redis on " + backendPort);
    }

    /** A raw socket speaking Redis' inline commands. */
    private static final class RedisConnection implements AutoCloseable {

        private final Socket socket;
        private final BufferedReader in;

        private RedisConnection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        }

        static RedisConnection open(int port) throws IOException {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            return new RedisConnection(socket);
        }

        String ping() throws IOException {
            send("PING");
            return in.readLine();
        }

        /** {@code CONFIG GET port}: {@code *2 $4 port $N <port>}. */
        int serverPort() throws IOException {
            send("CONFIG GET port");
            String[] lines = new String[5];
            for (int i = 0; i < lines.length; i++) {
                lines[i] = in.readLine();
            }
            assertThat(lines[2]).isEqualTo("port");
            return Integer.parseInt(lines[4]);
        }

        private void send(String command) {
            try {
                socket.getOutputStream().write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
