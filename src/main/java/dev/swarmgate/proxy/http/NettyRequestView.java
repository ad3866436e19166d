package dev.swarmgate.proxy.http;

import dev.swarmgate.proxy.tls.ConnectionTls;
import dev.swarmgate.routing.rules.RequestView;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * The {@link RequestView} route rules see of the request under way on one client connection. One instance per
 * connection, pointed at each request in turn (HTTP/1.1 runs one exchange at a time), so rules cost no allocation.
 */
final class NettyRequestView extends MessageHeadersView implements RequestView {

    private final Channel client;
    private final String clientAddress;
    private HttpRequest request;
    private Boolean tls;
    private Boolean clientCertificateVerified;

    NettyRequestView(Channel client, String clientAddress) {
        this.client = client;
        this.clientAddress = clientAddress;
    }

    @Override
    HttpHeaders headers() {
        return request.headers();
    }

    NettyRequestView of(HttpRequest request) {
        this.request = request;
        return this;
    }

    @Override
    public String method() {
        return request.method().name();
    }

    @Override
    public String path() {
        String uri = request.uri();
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }

    @Override
    public String query() {
        String uri = request.uri();
        int query = uri.indexOf('?');
        return query < 0 ? null : uri.substring(query + 1);
    }

    @Override
    public void setPath(String path) {
        String uri = request.uri();
        int query = uri.indexOf('?');
        request.setUri(query < 0 ? path : path + uri.substring(query));
    }

    @Override
    public List<String> headers(CharSequence name) {
        return request.headers().getAll(name);
    }

    @Override
    public boolean tls() {
        if (tls == null) {
            tls = ConnectionTls.isTls(client);
        }
        return tls;
    }

    @Override
    public boolean clientCertificateVerified() {
        if (clientCertificateVerified == null) {
            // Fixed once the handshake is done (no renegotiation), and the view lives as long as the connection.
            clientCertificateVerified = ConnectionTls.clientCertificateVerified(client);
        }
        return clientCertificateVerified;
    }

    @Override
    public String clientAddress() {
        return clientAddress;
    }

    @Override
    public int clientPort() {
        InetSocketAddress address = dev.swarmgate.proxyprotocol.ClientAddress.of(client);
        return address == null ? 0 : address.getPort();
    }

    @Override
    public String localAddress() {
        return ((InetSocketAddress) client.localAddress()).getAddress().getHostAddress();
    }

    @Override
    public int localPort() {
        return ((InetSocketAddress) client.localAddress()).getPort();
    }
}
