package dev.swarmgate.testing;

import dev.swarmgate.config.TlsSettings;
import dev.swarmgate.proxy.tls.NegotiatedProtocol;
import dev.swarmgate.proxy.tls.TlsTermination;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A stand-in TLS termination for tests of what follows the handshake: one self-signed certificate for
 * {@code localhost} and {@code 127.0.0.1}, ALPN {@code h2} then {@code http/1.1}, handed to the gateway with
 * {@code Gateway.terminateTlsWith}. It knows nothing of certificate stores or SNI (the real termination does); clients
 * trust it through {@link #clientContext()} or {@link #pemFile}.
 */
public final class SelfSignedTls extends TlsTermination {

    private final X509Bundle certificate;
    private final SslContext server;

    private SelfSignedTls(X509Bundle certificate, SslContext server) {
        super(TlsSettings.DEFAULTS);
        this.certificate = certificate;
        this.server = server;
    }

    public static SelfSignedTls create() {
        try {
            X509Bundle certificate = new CertificateBuilder()
                    .subject("CN=localhost")
                    .addSanDnsName("localhost")
                    .addSanIpAddress("127.0.0.1")
                    .notBefore(Instant.now().minus(1, ChronoUnit.DAYS))
                    .notAfter(Instant.now().plus(1, ChronoUnit.DAYS))
                    .ecp256()
                    .setIsCertificateAuthority(true)
                    .buildSelfSigned();
            SslContext server = SslContextBuilder
                    .forServer(certificate.getKeyPair().getPrivate(), certificate.getCertificatePath())
                    .applicationProtocolConfig(new ApplicationProtocolConfig(
                            ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
                    .build();
            return new SelfSignedTls(certificate, server);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a test certificate", e);
        }
    }

    @Override
    public boolean active() {
        return true;
    }

    @Override
    public void install(ChannelPipeline pipeline, NegotiatedProtocol next) {
        pipeline.addLast(server.newHandler(pipeline.channel().alloc()));
        pipeline.addLast(new ApplicationProtocolNegotiationHandler(ApplicationProtocolNames.HTTP_1_1) {
            @Override
            protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
                if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                    next.http2(ctx.pipeline());
                } else {
                    next.http1(ctx.pipeline());
                }
            }
        });
    }

    /** A JDK client context that trusts this certificate (and nothing else). */
    public SSLContext clientContext() {
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("test", certificate.getCertificate());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the certificate as PEM into {@code dir}, for {@code curl --cacert}. */
    public Path pemFile(Path dir) {
        try {
            return Files.writeString(dir.resolve("test-ca.pem"), certificate.getCertificatePEM());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
