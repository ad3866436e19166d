package dev.swarmgate.proxy.tls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a request learns of its connection's TLS ({@code ssl_fc}, {@code ssl_c_used ssl_c_verify 0}): real
 * handshakes between a client and a server handler asking for an optional client certificate against a CA, as a
 * listener with {@code CA_FILE} does, on both providers.
 */
class ConnectionTlsTest {

    private static X509Bundle ca;
    private static X509Bundle server;
    private static X509Bundle client;

    @BeforeAll
    static void certificates() throws Exception {
        ca = new CertificateBuilder().subject("CN=test CA").setIsCertificateAuthority(true).buildSelfSigned();
        server = new CertificateBuilder().subject("CN=localhost").addSanDnsName("localhost")
                .addExtendedKeyUsageServerAuth().buildIssuedBy(ca);
        client = new CertificateBuilder().subject("CN=client").addExtendedKeyUsageClientAuth().buildIssuedBy(ca);
    }

    /** Runs a handshake; returns the server side, whose pipeline holds the listener's SslHandler. */
    private static EmbeddedChannel handshake(SslProvider provider, boolean clientPresentsCertificate)
            throws Exception {
        SslContext serverContext = SslContextBuilder.forServer(server.toKeyManagerFactory()).sslProvider(provider)
                .trustManager(ca.toTrustManagerFactory()).clientAuth(ClientAuth.OPTIONAL).build();
        SslContextBuilder clientBuilder = SslContextBuilder.forClient().sslProvider(provider)
                .trustManager(ca.toTrustManagerFactory());
        if (clientPresentsCertificate) {
            clientBuilder.keyManager(client.toKeyManagerFactory());
        }
        EmbeddedChannel serverChannel = new EmbeddedChannel(serverContext.newHandler(ByteBufAllocator.DEFAULT));
        EmbeddedChannel clientChannel = new EmbeddedChannel(clientBuilder.build().newHandler(ByteBufAllocator.DEFAULT,
                "localhost", 443));
        SslHandler clientTls = clientChannel.pipeline().get(SslHandler.class);
        SslHandler serverTls = serverChannel.pipeline().get(SslHandler.class);
        for (int round = 0; round < 20 && !(clientTls.handshakeFuture().isDone()
                && serverTls.handshakeFuture().isDone()); round++) {
            shuttle(clientChannel, serverChannel);
            shuttle(serverChannel, clientChannel);
        }
        assertThat(serverTls.handshakeFuture().isSuccess()).as("server handshake").isTrue();
        assertThat(clientTls.handshakeFuture().isSuccess()).as("client handshake").isTrue();
        clientChannel.finishAndReleaseAll();
        return serverChannel;
    }

    private static void shuttle(EmbeddedChannel from, EmbeddedChannel to) {
        ByteBuf bytes;
        while ((bytes = from.readOutbound()) != null) {
            to.writeInbound(bytes);
        }
    }

    @Test
    void aPlainConnectionIsNeitherTlsNorVerified() {
        EmbeddedChannel plain = new EmbeddedChannel();

        assertThat(ConnectionTls.isTls(plain)).isFalse();
        assertThat(ConnectionTls.clientCertificateVerified(plain)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"JDK", "OPENSSL"})
    void aClientCertificateTheListenerVerifiedCounts(SslProvider provider) throws Exception {
        EmbeddedChannel connection = handshake(provider, true);

        assertThat(ConnectionTls.isTls(connection)).isTrue();
        assertThat(ConnectionTls.clientCertificateVerified(connection)).isTrue();
        connection.finishAndReleaseAll();
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"JDK", "OPENSSL"})
    void tlsWithoutAClientCertificateIsNotVerified(SslProvider provider) throws Exception {
        EmbeddedChannel connection = handshake(provider, false);

        assertThat(ConnectionTls.isTls(connection)).isTrue();
        assertThat(ConnectionTls.clientCertificateVerified(connection)).isFalse();
        connection.finishAndReleaseAll();
    }
}
