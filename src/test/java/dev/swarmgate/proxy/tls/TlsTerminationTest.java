package dev.swarmgate.proxy.tls;

import dev.swarmgate.config.TlsSettings;
import dev.swarmgate.testing.LogCapture;
import dev.swarmgate.testing.OpenSslClient;
import dev.swarmgate.testing.OpenSslClient.Handshake;
import dev.swarmgate.testing.TestPki;
import dev.swarmgate.testing.TestPki.Issued;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TlsTermination} on a bare Netty server, with openssl s_client as the peer: what the connection reports of
 * itself after the handshake ({@link ConnectionTls}), and how a certificate that cannot serve TLS is handled.
 */
class TlsTerminationTest {

    private static final String REQUEST = "hello\n";

    @TempDir
    Path dir;

    private TestPki pki;
    private EventLoopGroup group;
    private TlsTermination tls;
    private int port;

    @BeforeEach
    void pki() {
        pki = TestPki.in(dir);
    }

    @AfterEach
    void stop() {
        if (group != null) {
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (tls != null) {
            tls.close();
        }
    }

    /** A server whose "HTTP" side answers one line telling what ConnectionTls sees, then closes. */
    private void serve(TlsSettings settings) throws InterruptedException {
        serve(new TlsTermination(settings));
    }

    private void serve(TlsTermination termination) throws InterruptedException {
        tls = termination;
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        tls.install(ch.pipeline(), new NegotiatedProtocol() {
                            @Override
                            public void http1(ChannelPipeline pipeline) {
                                pipeline.addLast(new Reporter());
                            }

                            @Override
                            public void http2(ChannelPipeline pipeline) {
                                pipeline.addLast(new Reporter());
                            }
                        });
                    }
                }).bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
        port = ((InetSocketAddress) server.localAddress()).getPort();
    }

    private static final class Reporter extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            io.netty.util.ReferenceCountUtil.release(msg);
            String line = "tls=" + ConnectionTls.isTls(ctx.channel()) + " verified="
                    + ConnectionTls.clientCertificateVerified(ctx.channel()) + "\n";
            ctx.writeAndFlush(Unpooled.copiedBuffer(line, StandardCharsets.US_ASCII))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    private Handshake ask(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("-servername", "app.test", "-ign_eof"));
        all.addAll(List.of(args));
        return OpenSslClient.connectSending(port, REQUEST, all.toArray(String[]::new));
    }

    private ServerCertificate app() {
        return TestPki.serverCertificate("app.pem", pki.server("app.test"), "app.test");
    }

    @Test
    void aVerifiedClientCertificateIsReportedAndItsAbsenceToo() throws Exception {
        serve(new TlsSettings(TlsSettings.DEFAULT_CERTS_DIR, true, Optional.of(pki.ca().certificate()),
                TlsSettings.DEFAULT_PROTOCOLS, List.of(), List.of(), List.of()));
        tls.certificates(new CertificateSet(List.of(app())));
        Issued client = pki.client("client one");
        for (String version : List.of("-tls1_2", "-tls1_3")) {
            assertThat(ask(version, "-cert", client.certificate().toString(), "-key", client.key().toString())
                    .output()).as(version).contains("tls=true verified=true");
            assertThat(ask(version).output()).as(version).contains("tls=true verified=false");
        }
    }

    @Test
    void theJdkFallbackSelectsBySniAndVerifiesClientCertificatesToo() throws Exception {
        serve(TlsTermination.onJdkTls(new TlsSettings(TlsSettings.DEFAULT_CERTS_DIR, true,
                Optional.of(pki.ca().certificate()), TlsSettings.DEFAULT_PROTOCOLS, List.of(), List.of(), List.of())));
        tls.certificates(new CertificateSet(List.of(
                TestPki.serverCertificate("default.pem", pki.server("default.test"), "default.test"), app())));
        Issued client = pki.client("client one");
        Handshake verified = ask("-tls1_3", "-alpn", "h2,http/1.1", "-cert", client.certificate().toString(),
                "-key", client.key().toString());
        assertThat(verified.subject()).isEqualTo("subject=CN = app.test");
        assertThat(verified.output()).contains("ALPN protocol: h2").contains("tls=true verified=true");
        assertThat(OpenSslClient.connect(port, "-noservername").subject()).isEqualTo("subject=CN = default.test");
        Handshake tls11 = OpenSslClient.connect(port, "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0");
        assertThat(tls11.succeeded()).as(tls11.output()).isFalse();
    }

    @Test
    void withoutCaFileNoClientCertificateCountsAsVerified() throws Exception {
        serve(TlsSettings.DEFAULTS);
        tls.certificates(new CertificateSet(List.of(app())));
        Issued client = pki.client("client one");
        assertThat(ask("-cert", client.certificate().toString(), "-key", client.key().toString()).output())
                .contains("tls=true verified=false");
    }

    @Test
    void aCertificateThatCannotServeIsLeftOutAndABadNewVersionKeepsThePreviousOne() throws Exception {
        serve(TlsSettings.DEFAULTS);
        Issued good = pki.server("app.test");
        Issued other = pki.server("other.test");
        ServerCertificate mismatched = new ServerCertificate("broken.pem", CertificateSource.API,
                TestPki.serverCertificate("x", good, "app.test").chain(),
                TestPki.serverCertificate("y", other, "other.test").key(), List.of("broken.test"), "pem");
        try (LogCapture log = LogCapture.of(TlsTermination.class)) {
            tls.certificates(new CertificateSet(List.of(mismatched)));
            assertThat(tls.active()).isFalse();
            tls.certificates(new CertificateSet(List.of(TestPki.serverCertificate("app.pem", good, "app.test"))));
            assertThat(tls.active()).isTrue();
            ServerCertificate badNewVersion = new ServerCertificate("app.pem", CertificateSource.API,
                    TestPki.serverCertificate("x", good, "app.test").chain(),
                    TestPki.serverCertificate("y", other, "other.test").key(), List.of("app.test"), "pem v2");
            tls.certificates(new CertificateSet(List.of(badNewVersion)));
            assertThat(log.lines()).anyMatch(line -> line.contains("broken.pem cannot serve TLS"))
                    .anyMatch(line -> line.contains("app.pem: its new version cannot serve TLS"));
        }
        assertThat(OpenSslClient.connect(port, "-servername", "app.test").subject())
                .isEqualTo("subject=CN = app.test");
    }
}
