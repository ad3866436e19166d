package dev.swarmgate.proxy.http;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.swarmgate.config.Destination;
import dev.swarmgate.config.DomainMatch;
import dev.swarmgate.config.GatewayConfig;
import dev.swarmgate.config.HealthCheck;
import dev.swarmgate.config.ListenerSpec;
import dev.swarmgate.config.PathType;
import dev.swarmgate.config.ReqMode;
import dev.swarmgate.config.ServiceSpec;
import dev.swarmgate.config.Settings;
import dev.swarmgate.config.Timeouts;
import dev.swarmgate.routing.Compiler;
import dev.swarmgate.routing.Snapshot;
import dev.swarmgate.upstream.EndpointGroups;
import dev.swarmgate.upstream.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes what a client can send to an HTTP listener: the bytes go through the pipeline {@link HttpPipeline#install}
 * builds (Netty's {@code HttpServerCodec} as configured there, then {@link HttpFrontendHandler}) on an
 * {@link EmbeddedChannel}, once in one read and once a byte per read. No backend can answer: {@code /closed} routes
 * to a port nobody listens on, whose connect fails at once on the embedded loop (502, then 503 while the endpoint
 * is avoided), and every other path has no route (503). So every response is the proxy's own, and for any input (docs/fuzzing.md):
 * <ul>
 *   <li>no exception reaches the end of the pipeline;</li>
 *   <li>every buffer the pipeline was given or allocated is released once the connection is closed;</li>
 *   <li>every response is HTTP/1.1 with a status the proxy documents (docs/proxying.md) and a clean reason;</li>
 *   <li>a 4xx says {@code Connection: close}; a response that says it is the last, and the connection is closed;</li>
 *   <li>the responses do not depend on how the bytes were split into reads.</li>
 * </ul>
 */
class HttpRequestFuzzTest {

    private static final int LISTENER = 80;
    private static final Set<Integer> PROXY_STATUSES = Set.of(100, 400, 408, 414, 417, 431, 501, 502, 503, 504, 505);

    private static EndpointGroups endpointGroups;
    private static HttpProxyContext context;

    @BeforeAll
    static void routes() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        HealthCheck off = new HealthCheck(false, Optional.empty(), HealthCheck.defaults().interval(),
                HealthCheck.defaults().timeout(), 3, 3);
        Destination defaults = new Destination(0, ReqMode.HTTP, List.of("/closed"), PathType.PREFIX, List.of(),
                List.of(), DomainMatch.PREFIX, 0, closedPort, Optional.of("127.0.0.1"), Optional.empty());
        Destination closed = new Destination(0, ReqMode.HTTP, List.of("/closed"), PathType.PREFIX, List.of(),
                List.of(), DomainMatch.PREFIX, 0, closedPort, Optional.of("127.0.0.1"), Optional.empty(),
                Optional.empty(), Optional.empty(), defaults.balance(), defaults.endpoints(), off,
                defaults.sendProxy());
        Settings settings = new Settings(0, "0.0.0.0", "0.0.0.0", 8080, List.of(new ListenerSpec(LISTENER, false, false)),
                List.of(), Timeouts.dfpDefaults(), ",", DomainMatch.PREFIX, false, Optional.empty(), Optional.empty(),
                List.of());
        Snapshot snapshot = Compiler.compile(GatewayConfig.of(settings,
                Map.of("closed", new ServiceSpec("closed", "closed", List.of(closed), false))), 1);
        endpointGroups = new EndpointGroups(
                host -> CompletableFuture.completedFuture(List.of(InetAddress.getLoopbackAddress())));
        context = new HttpProxyContext(() -> snapshot, endpointGroups, new ErrorPages(Optional.empty()),
                Transport.best());
        // Resolved before the first request, so no resolution completes on another thread into the embedded loop.
        endpointGroups.get(snapshot.table(LISTENER).match("a", "/closed").target()).whenResolved().join();
    }

    @AfterAll
    static void close() {
        endpointGroups.close();
    }

    /** The fixture reaches the answers the target relies on, so fuzzing is not cut short by a wrong setup. */
    @Test
    void answersNoRouteWith503ThenRefusesContentLengthWithTransferEncoding() {
        Conversation conversation = Conversation.of(("GET /nothing HTTP/1.1\r\nHost: a\r\n\r\n"
                + "POST /closed HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\n").getBytes(StandardCharsets.US_ASCII), 4096);

        assertThat(conversation.outcome()).containsExactly(503, 400, "closed");
    }

    /**
     * The connect to the closed port fails as soon as it starts (an embedded event loop cannot register a socket),
     * which the exchange handles as a refused connect: 502, or 503 while the endpoint is avoided after an earlier
     * failure. A request without a body keeps its connection; one whose body was not read to its end closes it.
     */
    @Test
    void answersTheClosedPortWith502Or503KeepingTheConnectionOfABodylessRequest() {
        Conversation conversation = Conversation.of("GET /closed/x HTTP/1.1\r\nHost: a\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII), 4096);

        assertThat(conversation.responses()).hasSize(1);
        assertThat(conversation.responses().getFirst().status().code()).isIn(502, 503);
        assertThat(conversation.closedByProxy()).isFalse();
    }

    @Test
    void answersTheClosedPortWith502Or503AndClosesWhenTheBodyWasNotRead() {
        Conversation conversation = Conversation.of("POST /closed/x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"
                .getBytes(StandardCharsets.US_ASCII), 1);

        assertThat(conversation.responses()).hasSize(1);
        assertThat(conversation.responses().getFirst().status().code()).isIn(502, 503);
        assertThat(conversation.closedByProxy()).isTrue();
    }

    @FuzzTest(maxDuration = "60s")
    void requestBytes(byte[] input) {
        try {
            Conversation whole = Conversation.of(input, input.length);
            Conversation bytewise = Conversation.of(input, 1);
            assertThat(bytewise.outcome()).as("responses when the same bytes arrive one per read")
                    .isEqualTo(whole.outcome());
        } catch (AssertionError e) {
            throw new AssertionError("for the client bytes \"" + printable(input) + "\": " + e.getMessage(), e);
        }
    }

    private static String printable(byte[] input) {
        StringBuilder text = new StringBuilder();
        for (byte b : input) {
            int c = b & 0xFF;
            switch (c) {
                case '\r' -> text.append("\\r");
                case '\n' -> text.append("\\n");
                case '\\' -> text.append("\\\\");
                default -> text.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\x%02x", c));
            }
        }
        return text.toString();
    }

    /** One client connection fed the input in reads of {@code pieceSize} bytes, then closed. */
    private record Conversation(List<HttpResponse> responses, boolean closedByProxy) {

        static Conversation of(byte[] input, int pieceSize) {
            TrackingAllocator allocator = new TrackingAllocator();
            EmbeddedChannel channel = new EmbeddedChannel();
            channel.config().setAllocator(allocator);
            HttpPipeline.install(channel.pipeline(), context, LISTENER);
            ResponseRecorder recorder = new ResponseRecorder();
            channel.pipeline().addBefore(channel.pipeline().context(HttpFrontendHandler.class).name(), "recorder",
                    recorder);
            List<ByteBuf> given = new ArrayList<>();
            List<ByteBuf> written = new ArrayList<>();
            for (int at = 0; at < input.length && channel.isOpen(); at += pieceSize) {
                ByteBuf piece = allocator.buffer(pieceSize);
                piece.writeBytes(input, at, Math.min(pieceSize, input.length - at));
                given.add(piece);
                channel.writeInbound(piece);
                channel.runPendingTasks();
                drain(channel, written);
            }
            boolean closedByProxy = !channel.isOpen();
            channel.checkException();
            channel.close();
            channel.runPendingTasks();
            drain(channel, written);
            channel.checkException();
            assertThat(channel.finishAndReleaseAll()).as("messages left in the pipeline").isFalse();

            byte[] wire = bytes(written);
            written.forEach(ByteBuf::release);
            assertWellFormed(recorder.responses, wire, closedByProxy);
            assertThat(allocator.unreleased()).as("buffers not released after the connection closed").isEmpty();
            for (ByteBuf piece : given) {
                assertThat(piece.refCnt()).as("input buffer released").isZero();
            }
            return new Conversation(recorder.responses, closedByProxy);
        }

        /** What must not depend on how the bytes were split: the statuses, in order, and who closed. */
        List<Object> outcome() {
            List<Object> outcome = new ArrayList<>();
            // 502 and 503 both mean "the backend is unavailable": which one depends on whether the closed port was
            // already being avoided after an earlier connect failure, so on what ran before, not on the bytes.
            responses.forEach(response -> outcome.add(response.status().code() == 502 ? 503
                    : response.status().code()));
            outcome.add(closedByProxy ? "closed" : "open");
            return outcome;
        }

        private static void drain(EmbeddedChannel channel, List<ByteBuf> written) {
            Object out;
            while ((out = channel.readOutbound()) != null) {
                assertThat(out).as("what reaches the socket").isInstanceOf(ByteBuf.class);
                written.add((ByteBuf) out);
            }
        }

        private static byte[] bytes(List<ByteBuf> written) {
            int size = written.stream().mapToInt(ByteBuf::readableBytes).sum();
            byte[] wire = new byte[size];
            int at = 0;
            for (ByteBuf buf : written) {
                int n = buf.readableBytes();
                buf.getBytes(buf.readerIndex(), wire, at, n);
                at += n;
            }
            return wire;
        }

        private static void assertWellFormed(List<HttpResponse> responses, byte[] wire, boolean closedByProxy) {
            String text = new String(wire, StandardCharsets.ISO_8859_1);
            if (responses.isEmpty()) {
                assertThat(text).as("bytes written without a response").isEmpty();
                return;
            }
            assertThat(text).as("the first bytes written").startsWith("HTTP/1.1 " + responses.getFirst().status().code()
                    + " ");
            for (int i = 0; i < responses.size(); i++) {
                HttpResponse response = responses.get(i);
                int code = response.status().code();
                assertThat(response.protocolVersion()).isEqualTo(HttpVersion.HTTP_1_1);
                assertThat(code).as("a status the proxy answers itself").isIn(PROXY_STATUSES);
                assertThat(response.status().reasonPhrase()).matches("[\\x20-\\x7e]*");
                assertThat(text).contains("HTTP/1.1 " + code + " " + response.status().reasonPhrase() + "\r\n");
                boolean close = response.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE,
                        true);
                if (code >= 400 && code < 500) {
                    assertThat(close).as("a %d says Connection: close", code).isTrue();
                }
                if (close) {
                    assertThat(i).as("a %d with Connection: close is the last response", code)
                            .isEqualTo(responses.size() - 1);
                    assertThat(closedByProxy).as("connection closed after a %d with Connection: close", code)
                            .isTrue();
                }
            }
        }
    }

    /**
     * Sits between the frontend and the codec and keeps each response head the frontend writes to an open
     * connection (the codec's last, failed request when the client closed mid-head is answered to nobody).
     */
    private static final class ResponseRecorder extends ChannelOutboundHandlerAdapter {
        final List<HttpResponse> responses = new ArrayList<>();

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof HttpResponse response && ctx.channel().isActive()) {
                responses.add(response);
            }
            ctx.write(msg, promise);
        }
    }

    /** Hands out unpooled buffers and remembers each, so a buffer the pipeline never released is found at once. */
    private static final class TrackingAllocator extends AbstractByteBufAllocator {
        private final List<ByteBuf> allocated = new ArrayList<>();

        TrackingAllocator() {
            super(false);
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf buf = new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
            allocated.add(buf);
            return buf;
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf buf = new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity);
            allocated.add(buf);
            return buf;
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }

        List<ByteBuf> unreleased() {
            return allocated.stream().filter(buf -> buf.refCnt() > 0).toList();
        }
    }
}
