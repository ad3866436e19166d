package dev.swarmgate.proxyprotocol;

import dev.swarmgate.config.ProxyProtocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.NetUtil;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Builds the PROXY protocol header (HAProxy's proxy-protocol.txt, v1 text or v2 binary) that tells a backend who the
 * client is, and writes it as the first bytes of a backend connection.
 *
 * <p>Addresses of different families are sent as IPv6, the IPv4 one mapped ({@code ::ffff:a.b.c.d}), as HAProxy
 * does. Unknown addresses give {@code PROXY UNKNOWN} (v1) or a LOCAL command with family UNSPEC (v2).
 */
public final class ProxyHeaders {

    /** The 12-byte v2 signature. */
    static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    static final int V2_PROXY = 0x21;
    static final int V2_LOCAL = 0x20;
    static final int V2_TCP4 = 0x11;
    static final int V2_TCP6 = 0x21;
    static final int V2_UNSPEC = 0x00;

    private ProxyHeaders() {
    }

    /**
     * Writes the header for {@code version} as the first bytes of {@code backend}, below every handler (an HTTP
     * encoder would refuse raw bytes), and flushes it. Call it once, when the connection is established and before
     * anything else is written; {@link ProxyProtocol#NONE} writes nothing. Must run on the channel's event loop or
     * before the channel is used by anyone else.
     *
     * @param source      the client, e.g. {@link ClientAddress#of(Channel)} of the client connection; null if unknown
     * @param destination where the client connected to (the listener's local address); null if unknown
     * @return the write's future, or a succeeded future when nothing was written
     */
    public static ChannelFuture write(Channel backend, ProxyProtocol version, InetSocketAddress source,
                                      InetSocketAddress destination) {
        if (version == ProxyProtocol.NONE) {
            return backend.newSucceededFuture();
        }
        ByteBuf header = encode(backend.alloc(), version, source, destination);
        ChannelHandlerContext first = backend.pipeline().firstContext();
        return first == null ? backend.writeAndFlush(header) : first.writeAndFlush(header);
    }

    /** The header bytes; the caller owns (and must write or release) the buffer. */
    public static ByteBuf encode(ByteBufAllocator alloc, ProxyProtocol version, InetSocketAddress source,
                                 InetSocketAddress destination) {
        return switch (version) {
            case V1 -> v1(alloc, source, destination);
            case V2 -> v2(alloc, source, destination);
            case NONE -> throw new IllegalArgumentException("no PROXY header for version NONE");
        };
    }

    private static ByteBuf v1(ByteBufAllocator alloc, InetSocketAddress source, InetSocketAddress destination) {
        String line;
        InetAddress[] addresses = sameFamily(source, destination);
        if (addresses == null) {
            line = "PROXY UNKNOWN\r\n";
        } else {
            line = "PROXY " + (addresses[0] instanceof Inet4Address ? "TCP4 " : "TCP6 ")
                    + NetUtil.toAddressString(addresses[0], true) + ' '
                    + NetUtil.toAddressString(addresses[1], true) + ' '
                    + source.getPort() + ' ' + destination.getPort() + "\r\n";
        }
        byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
        return alloc.buffer(bytes.length).writeBytes(bytes);
    }

    private static ByteBuf v2(ByteBufAllocator alloc, InetSocketAddress source, InetSocketAddress destination) {
        InetAddress[] addresses = sameFamily(source, destination);
        if (addresses == null) {
            ByteBuf buf = alloc.buffer(16);
            buf.writeBytes(V2_SIGNATURE).writeByte(V2_LOCAL).writeByte(V2_UNSPEC).writeShort(0);
            return buf;
        }
        boolean ipv4 = addresses[0] instanceof Inet4Address;
        int length = ipv4 ? 12 : 36;
        ByteBuf buf = alloc.buffer(16 + length);
        buf.writeBytes(V2_SIGNATURE)
                .writeByte(V2_PROXY)
                .writeByte(ipv4 ? V2_TCP4 : V2_TCP6)
                .writeShort(length)
                .writeBytes(addresses[0].getAddress())
                .writeBytes(addresses[1].getAddress())
                .writeShort(source.getPort())
                .writeShort(destination.getPort());
        return buf;
    }

    /** Both addresses in one family (IPv4 mapped into IPv6 when they differ), or null when one is unknown. */
    private static InetAddress[] sameFamily(InetSocketAddress source, InetSocketAddress destination) {
        if (source == null || destination == null || source.getAddress() == null
                || destination.getAddress() == null) {
            return null;
        }
        InetAddress src = source.getAddress();
        InetAddress dst = destination.getAddress();
        if (src instanceof Inet4Address == dst instanceof Inet4Address) {
            return new InetAddress[] {src, dst};
        }
        return new InetAddress[] {asIpv6(src), asIpv6(dst)};
    }

    private static InetAddress asIpv6(InetAddress address) {
        if (address instanceof Inet6Address) {
            return address;
        }
        byte[] v4 = address.getAddress();
        byte[] v6 = new byte[16];
        v6[10] = (byte) 0xff;
        v6[11] = (byte) 0xff;
        System.arraycopy(v4, 0, v6, 12, 4);
        try {
            // getByAddress would turn a mapped address back into an Inet4Address; build an Inet6Address directly.
            return Inet6Address.getByAddress(null, v6, -1);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
