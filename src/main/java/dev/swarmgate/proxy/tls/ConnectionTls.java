package dev.swarmgate.proxy.tls;

import io.netty.channel.Channel;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.SslHandler;

import javax.net.ssl.SSLPeerUnverifiedException;
import java.security.cert.Certificate;

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
     * Whether the client presented a certificate on this TLS connection. The listener verifies client certificates
     * against {@code CA_FILE} during the handshake and fails it for one that does not verify, so a certificate in
     * the session is a verified one. False on plain connections.
     */
    public static boolean clientCertificateVerified(Channel channel) {
        SslHandler tls = of(channel);
        if (tls == null) {
            return false;
        }
        try {
            Certificate[] chain = tls.engine().getSession().getPeerCertificates();
            return chain != null && chain.length > 0;
        } catch (SSLPeerUnverifiedException none) {
            return false;
        }
    }
}
