package dev.swarmgate.it.process;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.swarmgate.it.process.NamespaceTopology.BACKEND_IP;
import static dev.swarmgate.it.process.NamespaceTopology.CLIENT_IP;
import static dev.swarmgate.it.process.NamespaceTopology.OTHER_CLIENT_IP;
import static dev.swarmgate.it.process.NamespaceTopology.PROXY_BACKEND_SIDE_IP;
import static dev.swarmgate.it.process.NamespaceTopology.PROXY_CLIENT_SIDE_IP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * Transparent proxying end to end, in network namespaces the test creates ({@link NamespaceTopology}): the proxy jar
 * runs in the proxy namespace with {@code TRANSPARENT_SETUP=true}, Redis and nginx in the backend namespace, and the
 * clients (redis-cli, curl) in the client namespace. The backends see the client namespace's address as their TCP
 * peer ({@code CLIENT LIST}, nginx's {@code $remote_addr}); no header is involved. Skips only when namespaces
 * cannot be created (not root, no iproute2).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TransparentProxyIT {

    private static final int ADMIN_PORT = 8080;
    private static final int HTTP_PORT = 80;
    private static final int REDIS_PORT = 6379;
    private static final int NGINX_PORT = 8080;
    private static final int TCP_WEB_PORT = 8088;
    private static final Pattern PEER = Pattern.compile("peer=([0-9.]+):(\\d+)");

    @TempDir
    static Path dir;

    private static NamespaceTopology net;
    private static Process proxy;
    private static Path proxyLog;
    private static Path accessLog;

    @BeforeAll
    static void createNamespacesAndBackends() throws IOException {
        try {
            net = NamespaceTopology.create();
        } catch (IllegalStateException e) {
            abort("network namespaces cannot be created here, so transparent proxying cannot be tested: "
                    + e.getMessage());
        }
        net.start(net.backend, List.of("/usr/bin/redis-server", "--bind", BACKEND_IP, "--port",
                String.valueOf(REDIS_PORT), "--save", "", "--appendonly", "no", "--protected-mode", "no"), Map.of(),
                dir.resolve("redis.log"));
        accessLog = dir.resolve("access.log");
        Path nginxDir = Files.createDirectories(dir.resolve("nginx"));
        Path conf = nginxDir.resolve("nginx.conf");
        Files.writeString(conf, """
                user root;
                daemon off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log;
                events { worker_connections 64; }
                http {
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    log_format peer '$remote_addr:$remote_port $request';
                    access_log %2$s peer;
                    server {
                        listen %3$s:%4$d;
                        location / { return 200 "peer=$remote_addr:$remote_port\\n"; }
                    }
                }
                """.formatted(nginxDir, accessLog, BACKEND_IP, NGINX_PORT));
        net.start(net.backend, List.of("/usr/sbin/nginx", "-p", nginxDir.toString(), "-c", conf.toString()),
                Map.of(), dir.resolve("nginx.log"));
        await("redis and nginx in the backend namespace").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                    assertThat(net.tryIn(net.backend, "redis-cli", "-h", BACKEND_IP, "-p",
                            String.valueOf(REDIS_PORT), "ping").output()).contains("PONG");
                    assertThat(net.tryIn(net.backend, "curl", "-s", "http://" + BACKEND_IP + ":" + NGINX_PORT + "/")
                            .output()).contains("peer=");
                });
        // Set up by hand before the proxy starts: the proxy must leave this piece in place, and on exit too.
        net.in(net.proxy, "ip", "rule", "add", "fwmark", "1", "lookup", "100");

        proxyLog = dir.resolve("proxy.log");
        // One event loop, so consecutive requests meet the same pool of idle backend connections.
        proxy = startProxy(List.of(), ADMIN_PORT, HTTP_PORT, Map.of("TRANSPARENT_SETUP", "true", "IO_THREADS", "1"),
                proxyLog);
        awaitPing(proxy, ADMIN_PORT, proxyLog);
        reconfigure(ADMIN_PORT, "serviceName=redis&reqMode=tcp&srcPort=" + REDIS_PORT + "&port=" + REDIS_PORT
                + "&outboundHostname=" + BACKEND_IP + "&transparent=true");
        reconfigure(ADMIN_PORT, "serviceName=web&servicePath=/web&port=" + NGINX_PORT + "&outboundHostname="
                + BACKEND_IP + "&transparent=true");
        reconfigure(ADMIN_PORT, "serviceName=webport&servicePath=/port&port=" + NGINX_PORT + "&outboundHostname="
                + BACKEND_IP + "&transparent=true&transparentPort=true");
        reconfigure(ADMIN_PORT, "serviceName=plain&servicePath=/plain&port=" + NGINX_PORT + "&outboundHostname="
                + BACKEND_IP);
        // nginx again, relayed as raw TCP: its $remote_port shows what a TCP backend sees with transparentPort.
        reconfigure(ADMIN_PORT, "serviceName=rawweb&reqMode=tcp&srcPort=" + TCP_WEB_PORT + "&port=" + NGINX_PORT
                + "&outboundHostname=" + BACKEND_IP + "&transparent=true&transparentPort=true");
    }

    @AfterAll
    static void removeNamespaces() {
        if (net != null) {
            net.close();
        }
    }

    @Test
    @Order(1)
    void theSetupDivertsPacketsOfLocalSocketsToTheLocalRoutingTable() {
        assertThat(net.in(net.proxy, "iptables", "-t", "mangle", "-S"))
                .contains("-A PREROUTING -p tcp -m socket --transparent -j DIVERT")
                .contains("-A DIVERT -j MARK --set-xmark 0x1/0xffffffff").contains("-A DIVERT -j ACCEPT");
        assertThat(net.in(net.proxy, "ip", "route", "show", "table", "100")).contains("local default dev lo");
        assertThat(net.in(net.proxy, "ip", "rule", "show", "fwmark", "1", "lookup", "100").strip().lines())
                .as("the rule added by hand is not added a second time").hasSize(1);
    }

    @Test
    @Order(2)
    void tcpBackendSeesTheClientAsItsPeer() {
        await("redis-cli through the proxy").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(net.tryIn(net.client, "redis-cli", "-h", PROXY_CLIENT_SIDE_IP,
                        "-p", String.valueOf(REDIS_PORT), "CLIENT", "LIST").output())
                        .as("Redis's CLIENT LIST names the client namespace's address as the peer; proxy log:\n%s",
                                log(proxyLog))
                        .contains("addr=" + CLIENT_IP + ":")
                        .doesNotContain("addr=" + PROXY_BACKEND_SIDE_IP + ":"));
    }

    @Test
    @Order(3)
    void httpBackendSeesTheClientAsItsPeerWithNoHeader() throws IOException {
        Matcher peer = peer(curl("/web/"));
        assertThat(peer.group(1)).isEqualTo(CLIENT_IP);
        assertThat(Files.readString(accessLog)).contains(CLIENT_IP + ":" + peer.group(2) + " GET /web/ ");
    }

    @Test
    @Order(4)
    void anIdleTransparentConnectionServesTheSameClientAddressAgainButNoOther() {
        Matcher first = peer(curl("/web/"));
        Matcher second = peer(curl("/web/"));
        assertThat(second.group(1)).isEqualTo(CLIENT_IP);
        assertThat(second.group(2)).as("the second request reused the first one's backend connection")
                .isEqualTo(first.group(2));
        Matcher other = peer(curl("/web/", "--interface", OTHER_CLIENT_IP));
        assertThat(other.group(1)).as("another client never gets a connection bound to the first one's address")
                .isEqualTo(OTHER_CLIENT_IP);
    }

    @Test
    @Order(4)
    void transparentPortKeepsTheClientsPortToo() {
        // Two requests on one client connection: the second must reuse the backend connection bound to the client's
        // address and port (a new one could not bind them again while the first is open or in TIME_WAIT).
        String answer = curl("/port/", "--local-port", "40100-40199", "-w", " local=%{local_port}\n",
                "http://" + PROXY_CLIENT_SIDE_IP + ":" + HTTP_PORT + "/port/again");
        Matcher peer = peer(answer);
        assertThat(peer.group(1)).isEqualTo(CLIENT_IP);
        assertThat(answer).contains("local=" + peer.group(2));
        assertThat(peer.find()).as("the second answer: %s", answer).isTrue();
        assertThat(peer.group(1) + ":" + peer.group(2)).isEqualTo(CLIENT_IP + ":" + answer.replaceAll(
                "(?s).*local=(\\d+).*", "$1"));
    }

    @Test
    @Order(4)
    void tcpBackendSeesTheClientsAddressAndPortWithTransparentPort() {
        String[] answer = new String[1];
        await("curl through the tcp port").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> (answer[0] = net.tryIn(net.client, "curl", "-s", "--max-time", "10", "--local-port",
                        "40200-40299", "-w", " local=%{local_port}", "http://" + PROXY_CLIENT_SIDE_IP + ":"
                                + TCP_WEB_PORT + "/").output()).contains("peer="));
        Matcher peer = peer(answer[0]);
        assertThat(peer.group(1) + ":" + peer.group(2)).isEqualTo(CLIENT_IP + ":"
                + answer[0].replaceAll("(?s).*local=(\\d+).*", "$1"));
    }

    @Test
    @Order(5)
    void aDestinationWithoutTransparentConnectsFromTheProxysAddress() {
        assertThat(peer(curl("/plain/")).group(1)).isEqualTo(PROXY_BACKEND_SIDE_IP);
    }

    @Test
    @Order(6)
    void stoppingTheProxyRemovesExactlyWhatItsSetupAdded() throws InterruptedException {
        proxy.destroy();
        assertThat(proxy.waitFor(30, TimeUnit.SECONDS)).as("proxy stopped; log:\n%s", log(proxyLog)).isTrue();
        assertThat(proxy.exitValue()).isEqualTo(SwarmgateProcess.SIGTERM_EXIT);
        assertThat(net.in(net.proxy, "iptables", "-t", "mangle", "-S")).doesNotContain("DIVERT");
        assertThat(net.tryIn(net.proxy, "ip", "route", "show", "table", "100").output())
                .doesNotContain("local default");
        assertThat(net.in(net.proxy, "ip", "rule", "show", "fwmark", "1", "lookup", "100"))
                .as("the rule that was there before the proxy is still there").contains("lookup 100");
    }

    @Test
    @Order(7)
    void withoutNetAdminTheSetupFailsAtStartNamingTheCapabilityAndTheFlags() throws InterruptedException {
        Path log = dir.resolve("no-capability-setup.log");
        Process refused = startProxy(WITHOUT_NET_ADMIN, 8081, 81, Map.of("TRANSPARENT_SETUP", "true"), log);
        assertThat(refused.waitFor(60, TimeUnit.SECONDS)).as("start without CAP_NET_ADMIN ends").isTrue();
        assertThat(refused.exitValue()).isNotZero();
        assertThat(log(log)).contains("TRANSPARENT_SETUP=true needs the capability CAP_NET_ADMIN")
                .contains("--cap-add NET_ADMIN");
        assertThat(net.in(net.proxy, "iptables", "-t", "mangle", "-S")).doesNotContain("DIVERT");
    }

    @Test
    @Order(8)
    void withoutNetAdminATransparentDestinationIsRefusedWithTheReasonNotSilentlyProxied() {
        Path log = dir.resolve("no-capability.log");
        Process limited = startProxy(WITHOUT_NET_ADMIN, 8082, 82, Map.of(), log);
        awaitPing(limited, 8082, log);
        reconfigure(8082, "serviceName=web&servicePath=/web&port=" + NGINX_PORT + "&outboundHostname=" + BACKEND_IP
                + "&transparent=true");
        NamespaceTopology.Result answer = net.tryIn(net.client, "curl", "-s", "-o", "/dev/null", "-w",
                "%{http_code}", "http://" + PROXY_CLIENT_SIDE_IP + ":82/web/");
        assertThat(answer.output()).isEqualTo("503");
        await("the reason in the log").atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(log(log))
                .contains("transparent: cannot bind the client's address " + CLIENT_IP + " to a backend connection:"
                        + " setting IP_TRANSPARENT failed").contains("the proxy needs CAP_NET_ADMIN")
                .contains("(connecting to " + BACKEND_IP + ":" + NGINX_PORT)
                .as("the proxy's set-up is at fault, not the backend's network").doesNotContain("shares a network"));
        NamespaceTopology.stop(limited);
    }

    @Test
    @Order(9)
    void withoutTheCapabilityTransparentByDefaultFailsAtStartWithTheReason() throws InterruptedException {
        Path log = dir.resolve("no-capability-default.log");
        Process refused = startProxy(WITHOUT_NET_ADMIN, 8083, 83, Map.of("TRANSPARENT", "true"), log);
        assertThat(refused.waitFor(60, TimeUnit.SECONDS)).as("start without CAP_NET_ADMIN ends").isTrue();
        assertThat(refused.exitValue()).isNotZero();
        assertThat(log(log)).contains("TRANSPARENT=true cannot be served")
                .contains("setting IP_TRANSPARENT failed").contains("--cap-add NET_ADMIN");
    }

    /** setpriv drops the capabilities from the bounding set, so the exec'd JVM has neither (either allows IP_TRANSPARENT). */
    private static final List<String> WITHOUT_NET_ADMIN = List.of("setpriv", "--bounding-set", "-net_admin,-net_raw",
            "--");

    private static Process startProxy(List<String> prefix, int adminPort, int httpPort, Map<String, String> extra,
                                      Path log) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(SwarmgateProcess.JAVA.toString(), "--enable-native-access=ALL-UNNAMED",
                "@" + SwarmgateProcess.jvmOptions(), "-jar", SwarmgateProcess.jar().toString(), "proxy"));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MALLOC_ARENA_MAX", "2");
        env.put("LISTEN_IP", "0.0.0.0");
        env.put("IP", "0.0.0.0");
        env.put("PORT", String.valueOf(adminPort));
        env.put("DEFAULT_PORTS", String.valueOf(httpPort));
        env.put("SWARM_DISCOVERY", "off");
        Path state = dir.resolve("state-" + adminPort);
        env.put("STATE_DIR", state.toString());
        env.put("SECRETS_DIR", state.resolve("secrets").toString());
        env.putAll(extra);
        try {
            Files.createDirectories(state.resolve("secrets"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return net.start(net.proxy, command, env, log);
    }

    private static void awaitPing(Process process, int adminPort, Path log) {
        await("proxy admin API in the proxy namespace").atMost(SwarmgateProcess.START_TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .failFast("the proxy exited; log:\n" + log, () -> !process.isAlive())
                .until(() -> net.tryIn(net.proxy, "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                        "http://127.0.0.1:" + adminPort + "/v1/docker-flow-proxy/ping").output().equals("200"));
    }

    private static void reconfigure(int adminPort, String query) {
        NamespaceTopology.Result result = net.tryIn(net.proxy, "curl", "-s", "-w", " status=%{http_code}",
                "http://127.0.0.1:" + adminPort + "/v1/docker-flow-proxy/reconfigure?" + query);
        assertThat(result.output()).as("reconfigure?%s", query).endsWith("status=200");
    }

    private static String curl(String path, String... options) {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "--max-time", "10"));
        command.addAll(List.of(options));
        command.add("http://" + PROXY_CLIENT_SIDE_IP + ":" + HTTP_PORT + path);
        String[] args = command.toArray(String[]::new);
        String[] answer = new String[1];
        await("curl " + path + " through the proxy").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> (answer[0] = net.tryIn(net.client, args).output()).contains("peer="));
        return answer[0];
    }

    private static Matcher peer(String answer) {
        Matcher matcher = PEER.matcher(answer);
        assertThat(matcher.find()).as("nginx's answer names its peer: %s", answer).isTrue();
        return matcher;
    }

    private static String log(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "(no log)";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
