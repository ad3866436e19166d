package dev.swarmgate.proxy.tls;

import io.netty.channel.Channel;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.SslHandler;

import javax.net.ssl.SSLPeerUnverifiedException;

/** Whether a client connection (or the connection an HTTP/2 stream belongs to) arrived over TLS. */
public final class ConnectionTls {

    private ConnectionTls() {
    }

    /** The TLS handler of the connection, null when it is plain. */
    public static SslHandler of(Channel channel) {
        Channel connection = channel instanceof Http2StreamChannel stream ? stream.parent() : channel;
        return connection.pipeline().get(SslHandler.class);
    }

    public static boolean isTls(Channel channel) {
        return of(channel) != null;
    }

    /**
     * Whether the client presented a certificate that the handshake verified against {@code CA_FILE}. Listeners ask
     * for one only with {@code CA_FILE}, and a presented certificate that fails verification fails the handshake, so
     * a certificate on an established session is a verified one.
     */
    public static boolean clientCertificateVerified(Channel channel) {
        SslHandler tls = of(channel);
        if (tls == null) {
            return false;
        }
        try {
            return tls.engine().getSession().getPeerCertificates().length > 0;
        } catch (SSLPeerUnverifiedException e) {
            return false;
        }
    }
}
