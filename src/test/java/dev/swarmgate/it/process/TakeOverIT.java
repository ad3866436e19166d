package dev.swarmgate.it.process;

import com.sun.net.httpserver.HttpServer;
import dev.swarmgate.testing.FreePort;
import dev.swarmgate.testing.WebSocketEchoServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The built jar replaced 20 times in a row while real clients keep it busy: each new process takes the listening
 * sockets over ({@code TAKE_OVER=true}) and the old one drains and exits, and no client sees a refused connection,
 * a failed request, a cut TCP stream or a lost WebSocket message. The same run then replaces it 20 times the way the
 * tombull/haproxy seed reloads (SYN packets dropped with iptables while the old process stops and the new one
 * starts) and prints the connect times of both for docs/benchmarks.md; only our failures are asserted.
 */
class TakeOverIT {

    private static final int REPLACEMENTS = Integer.getInteger("takeover.replacements", 20);
    private static final int KEEP_ALIVE_CLIENTS = 200;
    private static final int FRESH_CLIENTS = 50;
    private static final int STREAMS = 8;
    private static final int WEBSOCKETS = 2;
    private static final Pattern DRAINED = Pattern.compile("Drained (\\d+) connection\\(s\\) in (\\d+) ms");

    @TempDir
    Path dir;

    @Test
    void aPortInUseStaysAStartErrorWithoutTakeOver() throws Exception {
        SwarmgateProcess.Builder builder = SwarmgateProcess.builder(dir);
        try (SwarmgateProcess running = builder.start();
             SwarmgateProcess second = SwarmgateProcess.builder(Files.createDirectories(dir.resolve("second")))
                     .env("PORT", String.valueOf(FreePort.pick()))
                     .env("DEFAULT_PORTS", String.valueOf(running.httpPort())).launch()) {
            assertThat(second.awaitExit(SwarmgateProcess.START_TIMEOUT)).as(second.log()).isNotZero();
            assertThat(second.log()).contains("cannot listen on port " + running.httpPort())
                    .contains("Address already in use");
            assertThat(running.admin("/ping").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aMalformedDrainTimeoutStopsTheStartWithExitCode2NamingTheVariable() {
        try (SwarmgateProcess proxy = SwarmgateProcess.builder(dir).env("DRAIN_TIMEOUT", "8").launch()) {
            assertThat(proxy.awaitExit(SwarmgateProcess.START_TIMEOUT)).as(proxy.log()).isEqualTo(2);
            assertThat(proxy.log()).contains("DRAIN_TIMEOUT=8 is not a duration");
        }
    }

    @Test
    void replacingTheProcessUnderLoadRefusesAndFailsNothing() throws Exception {
        HttpServer backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        backend.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        backend.createContext("/svc", exchange -> {
            byte[] body = "ok".getBytes(StandardCharsets.US_ASCII);
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        backend.start();
        int streamPort = FreePort.pick();
        SwarmgateProcess.Builder builder = SwarmgateProcess.builder(dir).env("TAKE_OVER", "true")
                .env("TIMEOUT_HTTP_KEEP_ALIVE", "60");
        RssSampler rss = new RssSampler();
        List<SwarmgateProcess> started = new ArrayList<>();
        try (ServerSocket streaming = ReplacementLoad.streamingBackend();
             WebSocketEchoServer echo = WebSocketEchoServer.start("/ws");
             ReplacementLoad load = new ReplacementLoad()) {
            SwarmgateProcess current = builder.start();
            started.add(current);
            current.reconfigure("serviceName=svc&servicePath=/svc&port=" + backend.getAddress().getPort()
                    + "&outboundHostname=127.0.0.1");
            current.reconfigure("serviceName=ws&servicePath=/ws&port=" + echo.port() + "&outboundHostname=127.0.0.1");
            current.reconfigure("serviceName=stream&reqMode=tcp&srcPort=" + streamPort + "&port="
                    + streaming.getLocalPort() + "&outboundHostname=127.0.0.1");
            load.keepAliveRequests(KEEP_ALIVE_CLIENTS, current.proxyUrl("/svc/keep-alive"), Duration.ofMillis(100));
            load.freshConnections(FRESH_CLIENTS, current.httpPort(), "/svc/fresh", Duration.ofMillis(20));
            load.tcpStreams(STREAMS, streamPort);
            load.webSocketSessions(WEBSOCKETS, "ws://127.0.0.1:" + current.httpPort() + "/ws");
            rss.track(current.pid());
            load.awaitRequests(2_000);

            // Ours: the new process takes the sockets over, the old one drains and exits.
            load.nextPhase();
            List<Long> drains = new ArrayList<>();
            for (int i = 0; i < REPLACEMENTS; i++) {
                SwarmgateProcess next = builder.start();
                started.add(next);
                rss.track(next.pid());
                assertThat(current.awaitExit(Duration.ofSeconds(30))).as("old process exit code. Log:\n%s",
                        current.log()).isZero();
                rss.untrack(current.pid());
                drains.add(drainMillis(current));
                current = next;
                load.awaitRequests(1_000);
            }
            ReplacementLoad.Tally ours = load.nextPhase();

            // The seed's way: SYNs dropped while the old process stops and a new one binds the ports anew.
            ReplacementLoad.Tally seed = null;
            String skipped = SynDrop.unavailableBecause();
            if (skipped == null) {
                SwarmgateProcess.Builder restart = builder.env("TAKE_OVER", "false");
                for (int i = 0; i < REPLACEMENTS; i++) {
                    try (SynDrop drop = SynDrop.on(current.httpPort(), streamPort)) {
                        long dropped = System.nanoTime();
                        SwarmgateProcess old = current;
                        Thread.ofVirtual().start(old::stop); // SIGTERM: it stops accepting, then drains
                        await().atMost(Duration.ofSeconds(20)).until(() -> !old.isAlive() || portsReleased(old));
                        current = restart.start();
                        started.add(current);
                        long held = Duration.ofSeconds(1).toNanos() - (System.nanoTime() - dropped);
                        if (held > 0) {
                            Thread.sleep(Duration.ofNanos(held));
                        }
                        await().atMost(Duration.ofSeconds(30)).until(() -> !old.isAlive());
                    }
                    load.awaitRequests(1_000);
                }
                seed = load.nextPhase();
            }
            load.finish(Duration.ofSeconds(30));
            ReplacementLoad.Tally tail = load.nextPhase();

            report("take-over", ours, drains, rss.peakOverlapMegabytes(), rss.peakSingleMegabytes());
            if (seed != null) {
                report("syn-drop", seed, List.of(), 0, 0);
            } else {
                System.out.println("TAKEOVER-FIGURES syn-drop phase skipped: " + skipped);
            }
            SwarmgateProcess last = current;
            assertThat(ours.failures).as("failures during %d take-overs. Last log:\n%s", REPLACEMENTS, last.log())
                    .isEmpty();
            assertThat(ours.refused).hasValue(0);
            assertThat(ours.requests.get()).as("requests served during the take-overs").isPositive();
            assertThat(ours.streams.get()).as("TCP streams completed with every byte").isPositive();
            assertThat(ours.webSocketMessages.get()).as("WebSocket messages echoed").isPositive();
            assertThat(tail.failures).as("failures while the clients finished").isEmpty();
        } finally {
            rss.close();
            started.forEach(SwarmgateProcess::close);
            backend.stop(0);
        }
    }

    /** Whether the old process no longer listens (it logs the closed port before draining). */
    private static boolean portsReleased(SwarmgateProcess old) {
        return old.log().contains("closed, draining");
    }

    private static long drainMillis(SwarmgateProcess old) {
        Matcher drained = DRAINED.matcher(old.log());
        return drained.find() ? Long.parseLong(drained.group(2)) : -1;
    }

    private static void report(String phase, ReplacementLoad.Tally tally, List<Long> drains, double overlapMb,
                               double singleMb) {
        double[] connect = tally.connectMillis();
        System.out.printf(Locale.ROOT, "TAKEOVER-FIGURES phase=%s replacements=%d connects=%d connect-p50=%.2fms"
                        + " connect-p99=%.2fms connect-max=%.1fms requests=%d refused=%d failed=%d streams=%d"
                        + " ws-messages=%d drain-median=%dms drain-max=%dms rss-one=%.0fMB rss-overlap-peak=%.0fMB%n",
                phase, REPLACEMENTS, tally.connectNanos.size(), connect[0], connect[1], connect[2],
                tally.requests.get(), tally.refused.get(), tally.failures.size(), tally.streams.get(),
                tally.webSocketMessages.get(), drains.isEmpty() ? 0 : drains.stream().sorted().toList()
                        .get(drains.size() / 2), drains.stream().mapToLong(Long::longValue).max().orElse(0),
                singleMb, overlapMb);
        // by kind: the message without the client's own numbers
        tally.failures.stream().collect(java.util.stream.Collectors.groupingBy(
                        failure -> failure.replaceAll("\\d+", "N"), java.util.TreeMap::new,
                        java.util.stream.Collectors.counting()))
                .forEach((kind, count) -> System.out.println("  " + phase + ": " + count + " x " + kind));
    }

    /** Samples the resident memory of the proxy processes alive, every 20 ms. */
    private static final class RssSampler implements AutoCloseable {
        private final Set<Long> pids = ConcurrentHashMap.newKeySet();
        private final AtomicLong peakOverlapKb = new AtomicLong();
        private final AtomicLong peakSingleKb = new AtomicLong();
        private final Thread thread = Thread.ofPlatform().daemon().name("rss").start(this::sample);

        void track(long pid) {
            pids.add(pid);
        }

        void untrack(long pid) {
            pids.remove(pid);
        }

        private void sample() {
            while (!Thread.currentThread().isInterrupted()) {
                long sum = 0;
                int alive = 0;
                for (long pid : pids) {
                    long kb = rssKb(pid);
                    if (kb > 0) {
                        sum += kb;
                        alive++;
                        peakSingleKb.accumulateAndGet(kb, Math::max);
                    }
                }
                if (alive >= 2) {
                    peakOverlapKb.accumulateAndGet(sum, Math::max);
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private static long rssKb(long pid) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("\\D", ""));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // exited
            }
            return 0;
        }

        double peakOverlapMegabytes() {
            return peakOverlapKb.get() / 1024.0;
        }

        double peakSingleMegabytes() {
            return peakSingleKb.get() / 1024.0;
        }

        @Override
        public void close() {
            thread.interrupt();
        }
    }
}
