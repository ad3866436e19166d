package dev.swarmgate.proxy.http;

import dev.swarmgate.proxyprotocol.ClientAddress;
import io.netty.channel.Channel;

import java.net.InetSocketAddress;

/**
 * What route rules and forwarded headers see of a client: the request and response views (made at first use, then
 * pointed at each message in turn, so rules cost no allocation) and the client's address, from the PROXY header on
 * an accept-proxy listener, else the socket's peer (for an HTTP/2 stream, its connection's).
 */
final class ClientViews {

    private final Channel client;
    private NettyRequestView request;
    private NettyResponseView response;
    private String clientAddress;

    ClientViews(Channel client) {
        this.client = client;
    }

    NettyRequestView request() {
        if (request == null) {
            request = new NettyRequestView(client, clientAddress());
        }
        return request;
    }

    NettyResponseView response() {
        if (response == null) {
            response = new NettyResponseView();
        }
        return response;
    }

    /** The client's address as text, worked out once. */
    String clientAddress() {
        if (clientAddress == null) {
            InetSocketAddress address = ClientAddress.of(client);
            clientAddress = address != null ? address.getAddress().getHostAddress() : "unknown";
        }
        return clientAddress;
    }
}
