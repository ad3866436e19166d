package dev.swarmgate.proxyprotocol;

import io.netty.channel.Channel;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.AttributeKey;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Who the client of a connection is: the source a PROXY protocol header named on an accept-proxy listener, else the
 * socket's peer. Set once by {@link ProxyHeaderReader} before any application byte is passed on.
 */
public final class ClientAddress {

    static final AttributeKey<InetSocketAddress> KEY = AttributeKey.valueOf(ClientAddress.class, "client");

    private ClientAddress() {
    }

    /**
     * The client of {@code channel}; null only when the socket has no IP peer address. For an HTTP/2 stream it is the
     * client of the connection the stream belongs to: a stream channel has attributes of its own, not its parent's.
     */
    public static InetSocketAddress of(Channel channel) {
        Channel connection = channel instanceof Http2StreamChannel stream ? stream.parent() : channel;
        InetSocketAddress fromHeader = connection.attr(KEY).get();
        if (fromHeader != null) {
            return fromHeader;
        }
        SocketAddress remote = connection.remoteAddress();
        return remote instanceof InetSocketAddress inet ? inet : null;
    }

    static void set(Channel channel, InetSocketAddress address) {
        channel.attr(KEY).set(address);
    }
}
