package dev.swarmgate.upstream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.NetUtil;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Opens TLS connections to backends ({@code sslVerifyNone}): a plain connection from the loop's {@link Dialer},
 * then a client handshake naming the backend host (SNI, when it is a name), and the connection is handed out only
 * once the handshake completed. A handshake that fails or times out is a connect failure, so passive health counts it and the request
 * may move to another endpoint, as when the TCP connect fails.
 */
public final class TlsDialer {

    /** The pipeline name of the TLS handler on a backend connection. */
    private static final String HANDLER_NAME = "backend-tls";

    private final Dialer plain;
    private final CompletableFuture<SslContext> context;
    private final long handshakeTimeoutMillis;

    /**
     * @param plain            opens the TCP connection (the loop's bootstrap)
     * @param context          a client context (what is verified, which ALPN protocols are offered), built off the
     *                         event loops: loading the TLS library can take seconds
     * @param handshakeTimeout how long the handshake may take once connected (the connect timeout)
     */
    public TlsDialer(Dialer plain, CompletableFuture<SslContext> context, Duration handshakeTimeout) {
        this.plain = plain;
        this.context = context;
        this.handshakeTimeoutMillis = Math.max(1, handshakeTimeout.toMillis());
    }

    /**
     * A dialer for the endpoints of one backend host; {@code serverName} goes into SNI unless it is an address.
     *
     * @param beforeHandshake what is written in clear before TLS starts (a PROXY protocol header), or null
     */
    public Dialer to(String serverName, Consumer<Channel> beforeHandshake) {
        return address -> dial(address, serverName, beforeHandshake);
    }

    ChannelFuture dial(InetSocketAddress address, String serverName, Consumer<Channel> beforeHandshake) {
        ChannelFuture connect = plain.dial(address);
        Channel channel = connect.channel();
        ChannelPromise ready = channel.newPromise();
        connect.addListener(connected -> {
            if (!connected.isSuccess()) {
                ready.tryFailure(connected.cause());
                return;
            }
            if (context.isDone() && !context.isCompletedExceptionally()) {
                startTls(channel, context.join(), address, serverName, beforeHandshake, ready);
                return;
            }
            // The context is still being built off the loops (the first TLS connection after start): go on when it is.
            context.whenComplete((built, failure) -> channel.eventLoop().execute(() -> {
                if (failure != null) {
                    ready.tryFailure(failure);
                    channel.close();
                } else if (channel.isActive()) {
                    startTls(channel, built, address, serverName, beforeHandshake, ready);
                } else {
                    ready.tryFailure(new ClosedChannelException());
                }
            }));
        });
        return ready;
    }

    private void startTls(Channel channel, SslContext tlsContext, InetSocketAddress address, String serverName,
                          Consumer<Channel> beforeHandshake, ChannelPromise ready) {
        if (beforeHandshake != null) {
            // A PROXY header precedes the ClientHello, as HAProxy's send-proxy with ssl sends it.
            beforeHandshake.accept(channel);
        }
        SslHandler tls = tlsContext.newHandler(channel.alloc(), serverName, address.getPort());
        tls.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        nameServer(tls.engine(), serverName);
        // First in the pipeline: every byte the HTTP codec writes is encrypted, every byte read decrypted.
        channel.pipeline().addFirst(HANDLER_NAME, tls);
        tls.handshakeFuture().addListener(handshake -> {
            if (handshake.isSuccess()) {
                ready.trySuccess();
            } else {
                ready.tryFailure(handshake.cause());
                channel.close();
            }
        });
    }

    /**
     * Puts the backend host into SNI. Netty does so only for names with a dot, and Swarm service names have none
     * ({@code go-demo}); a backend that serves several names (another proxy, a TLS-terminating sidecar) needs it.
     * Addresses never go into SNI (RFC 6066 §3), nor a name SNI cannot carry (an underscore, ...).
     */
    private static void nameServer(SSLEngine engine, String serverName) {
        if (NetUtil.isValidIpV4Address(serverName) || NetUtil.isValidIpV6Address(serverName)) {
            return;
        }
        SSLParameters parameters = engine.getSSLParameters();
        if (parameters.getServerNames() != null && !parameters.getServerNames().isEmpty()) {
            return;
        }
        try {
            parameters.setServerNames(List.of(new SNIHostName(serverName)));
        } catch (IllegalArgumentException notAHostName) {
            return;
        }
        engine.setSSLParameters(parameters);
    }
}
