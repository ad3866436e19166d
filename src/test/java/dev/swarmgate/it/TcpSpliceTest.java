package dev.swarmgate.it;

import dev.swarmgate.proxy.tcp.TcpPortCounters;
import dev.swarmgate.testing.FreePort;
import dev.swarmgate.testing.LiveInstances;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * reqMode=tcp tunnels whose bytes the kernel splices (TCP_SPLICE, on by default with epoll): bytes intact both ways,
 * counted, the tunnel timeout fed by what splice moves, half-closes forwarded after what the pipe still holds, and
 * no pipe or socket left behind. Real sockets on both sides; the proxy runs in this JVM, so /proc/self/fd shows its
 * descriptors.
 */
class TcpSpliceTest {

    private static final int MIB = 1024 * 1024;
    /** SplicePipes keeps up to 4 empty pipes per event loop. */
    private static final int IDLE_PIPES_KEPT_PER_LOOP = 4;
    /** Each side's reader and writer on threads of their own (the common pool may have one thread on 2 CPUs). */
    private static final ExecutorService THREADS = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeAll
    static void splicingTransport() {
        assumeFalse("io_uring".equals(System.getProperty("swarmgate.it.ioTransport")),
                "the suite runs on io_uring, whose tunnels are not spliced (splice is epoll's)");
    }

    @RegisterExtension
    final GatewayPerTest proxy = new GatewayPerTest();

    @Test
    void thirtyTwoMiBEachWayArriveIntactThroughPipesAndAreCounted() throws Exception {
        long pipesBefore = pipes();
        try (ServerSocket backend = listen()) {
            int srcPort = tcpService(proxy.gateway(), "bulk", backend.getLocalPort(), "");
            CompletableFuture<Exchange> backendSide = CompletableFuture.supplyAsync(() -> {
                try (Socket accepted = backend.accept()) {
                    accepted.getInputStream().readNBytes(5); // "hello": the tunnel is up before counting pipes
                    return exchange(accepted, 32 * MIB, 2);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, THREADS);
            try (Socket client = connect(srcPort)) {
                client.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
                // The first bytes went through a pipe, which waits in the loop's pool now.
                await().atMost(Duration.ofSeconds(10)).until(() -> pipes() >= pipesBefore + 2);

                Exchange clientSide = exchange(client, 32 * MIB, 1);
                Exchange backendSaw = backendSide.get(60, TimeUnit.SECONDS);

                assertThat(clientSide.receivedDigest()).isEqualTo(backendSaw.sentDigest());
                assertThat(backendSaw.receivedDigest()).isEqualTo(clientSide.sentDigest());
                assertThat(clientSide.received()).isEqualTo(32L * MIB);
                assertThat(backendSaw.received()).isEqualTo(32L * MIB);
            }
            TcpPortCounters counters = counters(proxy.gateway(), srcPort);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(counters.bytesReceived()).isEqualTo(32L * MIB + 5);
                assertThat(counters.bytesSent()).isEqualTo(32L * MIB);
            });
        }
    }

    @Test
    void withTcpSpliceFalseTheBufferRelayCarriesTheSameBytesWithoutAPipe() throws Exception {
        try (GatewayUnderTest buffered = GatewayUnderTest.start(Map.of("TCP_SPLICE", "false"));
             ServerSocket backend = listen()) {
            int srcPort = tcpService(buffered, "buffered", backend.getLocalPort(), "");
            CompletableFuture<Exchange> backendSide = CompletableFuture.supplyAsync(() -> {
                try (Socket accepted = backend.accept()) {
                    accepted.getInputStream().readNBytes(5);
                    return exchange(accepted, 4 * MIB, 2);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, THREADS);
            long pipesBefore = pipes();
            try (Socket client = connect(srcPort)) {
                client.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
                Exchange clientSide = exchange(client, 4 * MIB, 1);
                Exchange backendSaw = backendSide.get(60, TimeUnit.SECONDS);

                assertThat(clientSide.receivedDigest()).isEqualTo(backendSaw.sentDigest());
                assertThat(backendSaw.receivedDigest()).isEqualTo(clientSide.sentDigest());
                assertThat(pipes()).isEqualTo(pipesBefore);
            }
            TcpPortCounters counters = counters(buffered, srcPort);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(counters.bytesReceived()).isEqualTo(4L * MIB + 5);
                assertThat(counters.bytesSent()).isEqualTo(4L * MIB);
            });
        }
    }

    @Test
    void theTunnelTimeoutClosesAnIdleTunnelButNotOneThatKeepsMovingBytes() throws Exception {
        try (EchoBackend echo = EchoBackend.start()) {
            int srcPort = tcpService(proxy.gateway(), "idle", echo.port(), "&timeoutTunnel=1");
            try (Socket client = connect(srcPort)) {
                InputStream in = client.getInputStream();
                OutputStream out = client.getOutputStream();
                long busyUntil = System.nanoTime() + Duration.ofMillis(2500).toNanos();
                long lastEcho = 0;
                for (int rounds = 0; System.nanoTime() < busyUntil; rounds++) {
                    // Bytes every 100 ms: well inside the 1 s the tunnel may idle.
                    Thread.sleep(100);
                    out.write('x');
                    assertThat(in.read()).as("echo %d, %d ms into a busy tunnel with a 1 s timeout", rounds,
                            rounds * 100).isEqualTo('x');
                    lastEcho = System.nanoTime();
                }
                assertThat(in.read()).as("the idle tunnel is closed").isEqualTo(-1);
                assertThat(Duration.ofNanos(System.nanoTime() - lastEcho)).isGreaterThanOrEqualTo(
                        Duration.ofMillis(800)).isLessThan(Duration.ofSeconds(10));
            }
        }
    }

    @Test
    void aClientFinReachesTheBackendAfterEveryByteStillInThePipe() throws Exception {
        CountDownLatch clientDone = new CountDownLatch(1);
        try (ServerSocket backend = listen()) {
            CompletableFuture<Long> backendRead = CompletableFuture.supplyAsync(() -> {
                try (Socket accepted = backend.accept()) {
                    // Read only once the client has written everything and sent its FIN: the bytes wait in the
                    // proxy's pipe and socket buffers when the FIN arrives.
                    clientDone.await(10, TimeUnit.SECONDS);
                    long received = accepted.getInputStream().transferTo(OutputStream.nullOutputStream());
                    accepted.getOutputStream().write(("got " + received).getBytes(StandardCharsets.US_ASCII));
                    return received;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }, THREADS);
            int srcPort = tcpService(proxy.gateway(), "clientfin", backend.getLocalPort(), "");
            try (Socket client = connect(srcPort)) {
                client.getOutputStream().write(new byte[MIB]);
                client.shutdownOutput();
                clientDone.countDown();

                String answer = new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);

                assertThat(backendRead.get(30, TimeUnit.SECONDS)).isEqualTo(MIB);
                assertThat(answer).isEqualTo("got " + MIB);
            }
        }
    }

    @Test
    void aBackendFinReachesTheClientAfterItsBytesAndTheClientCanStillAnswer() throws Exception {
        try (ServerSocket backend = listen()) {
            CompletableFuture<String> backendGot = CompletableFuture.supplyAsync(() -> {
                try (Socket accepted = backend.accept()) {
                    accepted.getOutputStream().write(new byte[MIB]);
                    accepted.shutdownOutput();
                    return new String(accepted.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, THREADS);
            int srcPort = tcpService(proxy.gateway(), "backendfin", backend.getLocalPort(), "");
            try (Socket client = connect(srcPort)) {
                long received = client.getInputStream().transferTo(OutputStream.nullOutputStream());
                assertThat(received).isEqualTo(MIB);

                client.getOutputStream().write("thanks".getBytes(StandardCharsets.US_ASCII));
                client.shutdownOutput();

                assertThat(backendGot.get(30, TimeUnit.SECONDS)).isEqualTo("thanks");
                assertThat(client.getInputStream().read()).isEqualTo(-1);
            }
        }
    }

    @Test
    void tunnelsBeyondTheLoopsPipeLimitCopyThroughBuffersAndStillDeliverEveryByte() throws Exception {
        int tunnels = 40; // more than SplicePipes.MAX_OPEN (32) on the one event loop
        int size = 6 * MIB; // more than the kernel buffers between the proxy and a client that does not read
        try (GatewayUnderTest oneLoop = GatewayUnderTest.start(Map.of("IO_THREADS", "1"));
             ServerSocket backend = listen()) {
            int srcPort = tcpService(oneLoop, "stalled", backend.getLocalPort(), "");
            CompletableFuture<Void> writers = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < tunnels; i++) {
                    try {
                        Socket accepted = backend.accept();
                        CompletableFuture.runAsync(() -> {
                            try (accepted) {
                                exchange(accepted, size, 100 + accepted.getInputStream().read());
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        }, THREADS);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }, THREADS);
            long pipesBefore = pipes();
            Socket[] clients = new Socket[tunnels];
            try {
                for (int i = 0; i < tunnels; i++) {
                    clients[i] = new Socket();
                    clients[i].setReceiveBufferSize(16 * 1024);
                    clients[i].connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), srcPort), 5_000);
                    clients[i].setSoTimeout(30_000);
                    clients[i].getOutputStream().write(i); // the backend's seed
                }
                // Nobody reads: every tunnel's download stalls with bytes held in the proxy, in a pipe while the
                // loop has one, in a buffer beyond that.
                await().atMost(Duration.ofSeconds(30)).until(() -> pipes() - pipesBefore >= 2L * 32);
                assertThat(pipes() - pipesBefore).isEqualTo(2L * 32);

                for (int i = 0; i < tunnels; i++) {
                    clients[i].shutdownOutput();
                    SplittableRandom random = new SplittableRandom(100 + i);
                    byte[] expected = new byte[64 * 1024];
                    InputStream in = clients[i].getInputStream();
                    for (int checked = 0; checked < size; checked += expected.length) {
                        random.nextBytes(expected);
                        assertThat(in.readNBytes(expected.length)).as("tunnel %d at %d", i, checked)
                                .isEqualTo(expected);
                    }
                    assertThat(in.read()).isEqualTo(-1);
                }
                writers.get(30, TimeUnit.SECONDS);
            } finally {
                for (Socket client : clients) {
                    if (client != null) {
                        client.close();
                    }
                }
            }
        }
    }

    @Test
    void twoHundredTunnelsOpenedAndClosedLeaveNoDescriptorBehind() throws Exception {
        try (EchoBackend echo = EchoBackend.start()) {
            int srcPort = tcpService(proxy.gateway(), "churn", echo.port(), "");
            roundTrip(srcPort, 0); // first connection: the listener's and the loop's own descriptors exist now
            long socketsBefore = descriptors() - pipes();
            for (int i = 0; i < 200; i++) {
                roundTrip(srcPort, i);
            }
            // Closing is asynchronous on the proxy's side; the sockets must come back to the baseline, and the pipes
            // left are the few each loop keeps for the next tunnel (not 4 for each of 200 tunnels).
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(descriptors() - pipes())
                    .as("open descriptors other than pipes after 200 tunnels").isLessThanOrEqualTo(socketsBefore));
            assertThat(pipes()).isLessThanOrEqualTo(2L * IDLE_PIPES_KEPT_PER_LOOP
                    * Runtime.getRuntime().availableProcessors() + 4);
        }
    }

    @Test
    void closedTunnelsLeaveNothingInTheHeapBeforeTheirTimeoutsComeDue() throws Exception {
        try (EchoBackend echo = EchoBackend.start()) {
            // Timeouts an hour away: whatever a closed tunnel still had scheduled would hold it (its channels, their
            // pipelines) that long; at thousands of connections a second that filled the heap in seconds.
            int srcPort = tcpService(proxy.gateway(), "short-lived", echo.port(),
                    "&timeoutClient=3600&timeoutTunnel=3600");
            for (int i = 0; i < 200; i++) {
                roundTrip(srcPort, i);
            }
            LiveInstances.awaitNoneLeft("dev.swarmgate.proxy.tcp.TcpIdleTimeout", "idle timeouts of closed tunnels");
        }
    }

    private static void roundTrip(int srcPort, int i) throws IOException {
        try (Socket client = connect(srcPort)) {
            byte[] message = ("tunnel " + i).getBytes(StandardCharsets.US_ASCII);
            client.getOutputStream().write(message);
            assertThat(client.getInputStream().readNBytes(message.length)).isEqualTo(message);
            if (i % 2 == 0) {
                client.shutdownOutput(); // half the clients say goodbye with a FIN, the others just close
                assertThat(client.getInputStream().read()).isEqualTo(-1);
            }
        }
    }

    /** What one side sent and received: pseudo-random bytes written while the other direction is read to EOF. */
    private record Exchange(long received, String receivedDigest, String sentDigest) {
    }

    /** Writes {@code size} seeded bytes then FIN, while reading the peer to EOF on another thread. */
    private static Exchange exchange(Socket socket, int size, long seed) {
        CompletableFuture<String> writer = CompletableFuture.supplyAsync(() -> {
            try {
                MessageDigest digest = sha256();
                SplittableRandom random = new SplittableRandom(seed);
                byte[] chunk = new byte[64 * 1024];
                OutputStream out = socket.getOutputStream();
                for (int sent = 0; sent < size; sent += chunk.length) {
                    random.nextBytes(chunk);
                    int length = Math.min(chunk.length, size - sent);
                    out.write(chunk, 0, length);
                    digest.update(chunk, 0, length);
                }
                socket.shutdownOutput();
                return HexFormat.of().formatHex(digest.digest());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, THREADS);
        try {
            MessageDigest digest = sha256();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[256 * 1024];
            long received = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
                received += n;
            }
            return new Exchange(received, HexFormat.of().formatHex(digest.digest()), writer.get(60, TimeUnit.SECONDS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int tcpService(GatewayUnderTest gateway, String name, int backendPort, String more) {
        int srcPort = FreePort.pick();
        gateway.route("serviceName=" + name + "&reqMode=tcp&srcPort=" + srcPort + "&port=" + backendPort
                + "&outboundHostname=127.0.0.1" + more);
        return srcPort;
    }

    private static TcpPortCounters counters(GatewayUnderTest gateway, int srcPort) {
        return gateway.runtime().gateway().tcp().portCounters().get(srcPort);
    }

    private static ServerSocket listen() throws IOException {
        return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        socket.setSoTimeout(30_000);
        return socket;
    }

    private static long descriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static long pipes() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith("pipe:");
                } catch (IOException gone) {
                    return false; // closed while listed
                }
            }).count();
        }
    }

    /** Echoes every connection's bytes back until its EOF, then closes it; one thread per connection. */
    private static final class EchoBackend implements AutoCloseable {
        private final ServerSocket server;

        private EchoBackend(ServerSocket server) {
            this.server = server;
        }

        static EchoBackend start() throws IOException {
            EchoBackend echo = new EchoBackend(listen());
            Thread.ofVirtual().start(echo::accept);
            return echo;
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket accepted = server.accept();
                    Thread.ofVirtual().start(() -> {
                        try (accepted) {
                            accepted.getInputStream().transferTo(accepted.getOutputStream());
                        } catch (IOException ignored) {
                            // the client reset: nothing to echo
                        }
                    });
                } catch (IOException closed) {
                    return;
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
