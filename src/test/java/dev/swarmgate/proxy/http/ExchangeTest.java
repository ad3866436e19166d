package dev.swarmgate.proxy.http;

import dev.swarmgate.config.Destination;
import dev.swarmgate.config.DomainMatch;
import dev.swarmgate.config.GatewayConfig;
import dev.swarmgate.config.HttpRule;
import dev.swarmgate.config.MethodFilter;
import dev.swarmgate.config.PathRewrite;
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
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exchange at handler level: the real client pipeline ({@link HttpPipeline}) and real backend handlers on
 * Netty's in-memory channels, so each case controls exactly which bytes arrive from either side and when. The
 * in-memory backend stands in for the network only; the HTTP codecs, the frontend, the exchange, the pool and the
 * connector are the production ones.
 */
class ExchangeTest {

    private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.7", 40000);
    private static final InetSocketAddress LISTENER = new InetSocketAddress("127.0.0.1", 80);

    private final List<EmbeddedChannel> backends = new ArrayList<>();
    private EndpointGroups groups;
    private EmbeddedChannel client;

    @BeforeEach
    void startProxy() throws Exception {
        startProxy(List.of());
    }

    private void startProxy(List<HttpRule> rules) throws Exception {
        if (client != null) {
            stop();
            backends.clear();
        }
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        groups = new EndpointGroups(host -> CompletableFuture.completedFuture(List.of(loopback)));
        Snapshot snapshot = snapshot(rules);
        groups.get(snapshot.table(80).routes().getFirst().target()).whenResolved().get(5, TimeUnit.SECONDS);
        HttpProxyContext context = new HttpProxyContext(() -> snapshot, groups, new ErrorPages(Optional.empty()),
                Transport.best(), (loop, bootstrap) -> address -> {
                    EmbeddedChannel backend = new AddressedChannel(new InetSocketAddress("127.0.0.1", 50000
                            + backends.size()), address);
                    backend.pipeline().addLast(new HttpClientCodec(), new BackendHandler());
                    backends.add(backend);
                    return backend.newSucceededFuture();
                });
        client = new AddressedChannel(LISTENER, CLIENT);
        HttpPipeline.install(client.pipeline(), context, 80);
    }

    @AfterEach
    void stop() {
        client.finishAndReleaseAll();
        backends.forEach(EmbeddedChannel::finishAndReleaseAll);
        groups.close();
    }

    @Test
    void aRequestIsForwardedWithTheForwardedHeadersAndItsResponseRelayedThenTheConnectionIsPooled() {
        send("GET /api?q=1 HTTP/1.1\r\nHost: example.com\r\n\r\n");
        String forwarded = backendReceived(0);
        assertThat(forwarded).startsWith("GET /api?q=1 HTTP/1.1\r\n")
                .contains("x-forwarded-for: 192.0.2.7").contains("x-forwarded-port: 80")
                .contains("x-forwarded-host: example.com");
        answer(0, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        assertThat(clientReceived()).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\nok");

        send("GET /again HTTP/1.1\r\nHost: example.com\r\n\r\n");
        assertThat(backends).hasSize(1);
        assertThat(backendReceived(0)).startsWith("GET /again HTTP/1.1\r\n");
    }

    @Test
    void anInterimResponseIsRelayedAsAMessageOfItsOwnBeforeTheFinalOne() {
        send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        backendReceived(0);
        answer(0, "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        String received = clientReceived();
        assertThat(received).startsWith("HTTP/1.1 103 Early Hints\r\n");
        assertThat(received.indexOf("HTTP/1.1 200 OK")).isGreaterThan(received.indexOf("Link: </style.css>"));
        assertThat(received).endsWith("ok");
    }

    @Test
    void anAcceptedUpgradeTurnsBothConnectionsIntoATunnel() {
        send("GET /ws HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n");
        assertThat(backendReceived(0)).contains("upgrade: websocket");
        answer(0, "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n");
        assertThat(clientReceived()).startsWith("HTTP/1.1 101 Switching Protocols\r\n")
                .containsIgnoringCase("upgrade: websocket");

        send("raw client bytes");
        assertThat(backendReceived(0)).isEqualTo("raw client bytes");
        answer(0, "raw backend bytes");
        assertThat(clientReceived()).isEqualTo("raw backend bytes");
    }

    @Test
    void anUpgradeToAnotherProtocolBecomesATunnelToo() {
        send("POST /attach HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: 0\r\n\r\n");
        assertThat(backendReceived(0)).contains("upgrade: tcp");
        answer(0, "HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\nfirst bytes");
        assertThat(clientReceived()).startsWith("HTTP/1.1 101 UPGRADED\r\n").endsWith("\r\n\r\nfirst bytes");

        send("stdin");
        assertThat(backendReceived(0)).isEqualTo("stdin");
        answer(0, "stdout");
        assertThat(clientReceived()).isEqualTo("stdout");
    }

    @Test
    void anUpgradeWithoutBytesAfterItsAnswerBecomesATunnelAtTheEndOfTheRead() {
        send("GET /attach HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n");
        backendReceived(0);
        answer(0, "HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n");
        assertThat(clientReceived()).startsWith("HTTP/1.1 101 UPGRADED\r\n");
        send("stdin");
        assertThat(backendReceived(0)).isEqualTo("stdin");
    }

    @Test
    void headAnd204And304AnswersCarryNoBodyAndTheConnectionServesTheNextRequest() {
        send("HEAD /file HTTP/1.1\r\nHost: a\r\n\r\n");
        backendReceived(0);
        answer(0, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n");
        assertThat(clientReceived()).startsWith("HTTP/1.1 200 OK\r\n").containsIgnoringCase("content-length: 100")
                .endsWith("\r\n\r\n");

        send("DELETE /item HTTP/1.1\r\nHost: a\r\n\r\n");
        backendReceived(0);
        answer(0, "HTTP/1.1 204 No Content\r\n\r\n");
        assertThat(clientReceived()).startsWith("HTTP/1.1 204 No Content\r\n").endsWith("\r\n\r\n");

        send("GET /cached HTTP/1.1\r\nHost: a\r\nIf-None-Match: \"x\"\r\n\r\n");
        backendReceived(0);
        answer(0, "HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\n\r\n");
        assertThat(clientReceived()).startsWith("HTTP/1.1 304 Not Modified\r\n").endsWith("\r\n\r\n");
        assertThat(client.isActive()).isTrue();
        assertThat(backends).hasSize(1);
    }

    @Test
    void aBodyDelimitedByCloseIsRechunkedForAnHttp11Client() {
        send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        backendReceived(0);
        answer(0, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nabc");
        backends.getFirst().close();
        String received = clientReceived();
        assertThat(received).containsIgnoringCase("transfer-encoding: chunked").endsWith("3\r\nabc\r\n0\r\n\r\n");
        assertThat(client.isActive()).isTrue();
    }

    @Test
    void aBodyDelimitedByCloseReachesAnHttp10ClientDelimitedByCloseToo() {
        send("GET / HTTP/1.0\r\nHost: a\r\n\r\n");
        backendReceived(0);
        answer(0, "HTTP/1.1 200 OK\r\n\r\nabc");
        backends.getFirst().close();
        String received = clientReceived();
        assertThat(received).doesNotContainIgnoringCase("transfer-encoding").containsIgnoringCase("connection: close")
                .endsWith("\r\n\r\nabc");
        assertThat(client.isActive()).isFalse();
    }

    @Test
    void anAnswerBeforeTheRequestBodyEndedClosesTheClientConnectionAfterIt() {
        send("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc");
        backendReceived(0);
        answer(0, "HTTP/1.1 413 Content Too Large\r\nContent-Length: 0\r\n\r\n");
        assertThat(clientReceived()).startsWith("HTTP/1.1 413").containsIgnoringCase("connection: close");
        assertThat(client.isActive()).isFalse();
    }

    @Test
    void aSafeRequestIsRetriedOnAFreshConnectionWhenAPooledOneClosesUnanswered() {
        send("GET /one HTTP/1.1\r\nHost: a\r\n\r\n");
        backendReceived(0);
        answer(0, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n1");
        clientReceived();

        send("GET /two HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(backendReceived(0)).startsWith("GET /two");
        backends.getFirst().close(); // the backend had closed the idle connection: the request was lost
        assertThat(backends).hasSize(2);
        assertThat(backendReceived(1)).startsWith("GET /two");
        answer(1, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n2");
        assertThat(clientReceived()).startsWith("HTTP/1.1 200 OK").endsWith("2");
    }

    @Test
    void anUnsafeRequestIsNotRetriedAndGets502() {
        send("GET /one HTTP/1.1\r\nHost: a\r\n\r\n");
        backendReceived(0);
        answer(0, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n1");
        clientReceived();

        send("POST /pay HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n");
        assertThat(backendReceived(0)).startsWith("POST /pay");
        backends.getFirst().close();
        assertThat(backends).hasSize(1);
        assertThat(clientReceived()).startsWith("HTTP/1.1 502");
    }

    @Test
    void aBackendClosingMidBodyCutsTheClientResponseShort() {
        send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        backendReceived(0);
        answer(0, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
        backends.getFirst().close();
        assertThat(clientReceived()).containsIgnoringCase("content-length: 10").endsWith("abc");
        assertThat(client.isActive()).isFalse();
    }

    @Test
    void aRouteRuleAnswersLocallyWithoutABackendAndTheConnectionServesTheNextRequest() throws Exception {
        startProxy(List.of(new MethodFilter(List.of("GET"), true)));
        send("DELETE /item HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(clientReceived()).startsWith("HTTP/1.1 403 Forbidden\r\n").doesNotContainIgnoringCase("close");
        assertThat(backends).isEmpty();

        send("GET /item HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(backendReceived(0)).startsWith("GET /item HTTP/1.1");
    }

    @Test
    void aLocalAnswerToARequestWhoseBodyIsStillComingClosesTheConnection() throws Exception {
        startProxy(List.of(new MethodFilter(List.of("POST"), false)));
        send("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc");
        assertThat(clientReceived()).startsWith("HTTP/1.1 403").containsIgnoringCase("connection: close");
        assertThat(client.isActive()).isFalse();
        assertThat(backends).isEmpty();
    }

    @Test
    void aRewrittenPathReachesTheBackendWithItsQuery() throws Exception {
        startProxy(List.of(new PathRewrite("^/api/", "/")));
        send("GET /api/users?page=2 HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(backendReceived(0)).startsWith("GET /users?page=2 HTTP/1.1\r\n");
    }

    // ---- plumbing ---------------------------------------------------------------------------------------------

    private void send(String bytes) {
        client.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
        client.runPendingTasks();
    }

    private void answer(int backend, String bytes) {
        backends.get(backend).writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
        client.runPendingTasks();
        backends.get(backend).checkException();
        client.checkException();
    }

    private String backendReceived(int backend) {
        return drain(backends.get(backend));
    }

    private String clientReceived() {
        return drain(client);
    }

    private static String drain(EmbeddedChannel channel) {
        channel.runPendingTasks();
        StringBuilder out = new StringBuilder();
        Object msg;
        while ((msg = channel.readOutbound()) != null) {
            ByteBuf buf = (ByteBuf) msg;
            out.append(buf.toString(StandardCharsets.ISO_8859_1));
            buf.release();
        }
        return out.toString();
    }

    private static Snapshot snapshot(List<HttpRule> rules) {
        Settings settings = new Settings(0, "127.0.0.1", "127.0.0.1", 8080, List.of(new ListenerSpec(80, false, false)),
                List.of(), Timeouts.dfpDefaults(), ",", DomainMatch.PREFIX, false, Optional.empty(), Optional.empty(),
                List.of());
        Destination destination = new Destination(0, ReqMode.HTTP, List.of("/"), PathType.PREFIX, List.of(),
                List.of(), DomainMatch.PREFIX, 0, 8080, Optional.of("backend.test"), Optional.empty())
                .with(List.of(), rules);
        ServiceSpec service = new ServiceSpec("api", "api", List.of(destination), false);
        return Compiler.compile(GatewayConfig.of(settings, Map.of("api", service)), 1);
    }

    /** An in-memory channel with socket addresses, as the proxy expects of a TCP connection. */
    private static final class AddressedChannel extends EmbeddedChannel {
        private final InetSocketAddress local;
        private final InetSocketAddress remote;

        AddressedChannel(InetSocketAddress local, InetSocketAddress remote) {
            this.local = local;
            this.remote = remote;
        }

        @Override
        protected SocketAddress localAddress0() {
            return local;
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return remote;
        }
    }
}
