package dev.swarmgate.it.process;

import dev.swarmgate.testing.FreePort;
import dev.swarmgate.testing.Redis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code swarmgate tcp} run as users run it: a process with tcp-proxy's flags, signalled with kill. */
class TcpCommandIT {

    @TempDir
    Path dir;

    private Process start(List<String> args, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(SwarmgateProcess.JAVA.toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", SwarmgateProcess.jar().toString(), "tcp"));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static long connectionsReceived(Redis redis) {
        Matcher matcher = Pattern.compile("total_connections_received:(\\d+)")
                .matcher(Redis.cli(redis.port(), "INFO", "stats"));
        assertThat(matcher.find()).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void balancesRedisOverBothBackendsPrintsStatsOnSigusr1AndServesMetrics() throws Exception {
        int port = FreePort.pick();
        int admin = FreePort.pick();
        Path log = dir.resolve("tcp.log");
        try (Redis first = Redis.start(); Redis second = Redis.start()) {
            long firstBefore = connectionsReceived(first);
            long secondBefore = connectionsReceived(second);
            Process proxy = start(List.of("-laddr", "127.0.0.1:" + port, "-lb", "random", "-health-check=false",
                    "-admin", "127.0.0.1:" + admin, "127.0.0.1:" + first.port(), "127.0.0.1:" + second.port()), log);
            try {
                await().atMost(Duration.ofSeconds(60)).failFast(() -> !proxy.isAlive()).until(() -> accepts(port));
                for (int i = 0; i < 30; i++) {
                    assertThat(Redis.cli(port, "PING")).as(read(log)).isEqualTo("PONG");
                }
                // Random over two backends: 30 connections all on one has odds of 2^-29.
                assertThat(connectionsReceived(first)).isGreaterThan(firstBefore + 1);
                assertThat(connectionsReceived(second)).isGreaterThan(secondBefore + 1);

                Runtime.getRuntime().exec(new String[]{"kill", "-USR1", String.valueOf(proxy.pid())}).waitFor();
                await().atMost(Duration.ofSeconds(10)).until(() -> read(log).contains("--- end ---"));
                String stats = read(log);
                assertThat(stats).contains("requests=31 errors=0") // 30 PINGs and the readiness probe
                        .containsPattern("backend 127\\.0\\.0\\.1:" + first.port() + " active=0 state=healthy tx=\\d+ rx=\\d+")
                        .containsPattern("backend 127\\.0\\.0\\.1:" + second.port() + " active=0 state=healthy tx=\\d+ rx=\\d+");
                assertThat(proxy.isAlive()).isTrue();

                try (HttpClient client = HttpClient.newHttpClient()) {
                    String metrics = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin
                            + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
                    assertThat(metrics).contains("swarmgate_tcp_connections_total{listener=\"" + port + "\"} 31.0")
                            .contains("swarmgate_backend_up{backend=\"127.0.0.1:" + first.port() + "\"")
                            .containsPattern("swarmgate_tcp_bytes_total\\{direction=\"rx\",listener=\"" + port
                                    + "\"} [1-9]");
                }
            } finally {
                proxy.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void sigtermStopsAcceptingAtOnceLetsTheOpenTunnelFinishAndExitsZero() throws Exception {
        int port = FreePort.pick();
        Path log = dir.resolve("tcp.log");
        try (Redis redis = Redis.start()) {
            Process proxy = start(List.of("-laddr", "127.0.0.1:" + port, "-grace", "30s",
                    "127.0.0.1:" + redis.port()), log);
            try (Socket tunnel = new Socket()) {
                await().atMost(Duration.ofSeconds(60)).failFast(() -> !proxy.isAlive()).until(() -> accepts(port));
                tunnel.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                tunnel.setSoTimeout(10_000);
                OutputStream out = tunnel.getOutputStream();
                BufferedReader in = new BufferedReader(new InputStreamReader(tunnel.getInputStream(),
                        StandardCharsets.US_ASCII));
                out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(in.readLine()).isEqualTo("+PONG");

                proxy.destroy(); // SIGTERM
                await("listener closed").atMost(Duration.ofSeconds(10)).until(() -> !accepts(port));
                assertThat(proxy.isAlive()).as("waits for the open tunnel").isTrue();
                out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(in.readLine()).as(read(log)).isEqualTo("+PONG");
                tunnel.close();
                assertThat(proxy.waitFor(20, TimeUnit.SECONDS)).as(read(log)).isTrue();
                assertThat(proxy.exitValue()).as(read(log)).isZero();
            } finally {
                proxy.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
