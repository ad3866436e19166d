package dev.swarmgate.upstream;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import javax.net.ssl.SSLException;

/**
 * The client TLS context for {@code sslVerifyNone} backends: any certificate is accepted (HAProxy's
 * {@code ssl verify none}), ALPN offers HTTP/1.1 only (requests go to backends as HTTP/1.1), OpenSSL (BoringSSL)
 * when it loads, the JDK otherwise. One per process: it holds the session cache that lets reconnects resume.
 */
public final class BackendTlsContext {

    private BackendTlsContext() {
    }

    public static SslContext unverified() {
        try {
            return SslContextBuilder.forClient()
                    .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
                    .trustManager(InsecureTrustManagerFactory.INSTANCE)
                    .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            ApplicationProtocolNames.HTTP_1_1))
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the TLS context for backends: " + e.getMessage(), e);
        }
    }
}
