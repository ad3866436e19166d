package dev.swarmgate.proxy.tls;

import io.netty.channel.Channel;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.SslHandler;

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
}
