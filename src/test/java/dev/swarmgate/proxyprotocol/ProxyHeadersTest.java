package dev.swarmgate.proxyprotocol;

import dev.swarmgate.config.ProxyProtocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Header bytes against the layout of HAProxy's proxy-protocol.txt (sections 2.1 and 2.2). */
class ProxyHeadersTest {

    private static final UnpooledByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;
    private static final String SIGNATURE = "0d0a0d0a000d0a515549540a";

    private static InetSocketAddress at(String ip, int port) {
        return new InetSocketAddress(ip, port);
    }

    private static String hex(ProxyProtocol version, InetSocketAddress source, InetSocketAddress destination) {
        ByteBuf header = ProxyHeaders.encode(ALLOC, version, source, destination);
        try {
            return ByteBufUtil.hexDump(header);
        } finally {
            header.release();
        }
    }

    private static String text(InetSocketAddress source, InetSocketAddress destination) {
        ByteBuf header = ProxyHeaders.encode(ALLOC, ProxyProtocol.V1, source, destination);
        try {
            return header.toString(StandardCharsets.US_ASCII);
        } finally {
            header.release();
        }
    }

    @Test
    void v1Tcp4IsOneTextLine() {
        assertThat(text(at("192.168.0.1", 56324), at("192.168.0.11", 443)))
                .isEqualTo("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n");
    }

    @Test
    void v1Tcp6UsesTheCompressedForm() {
        assertThat(text(at("::1", 40000), at("2001:db8::2", 80)))
                .isEqualTo("PROXY TCP6 ::1 2001:db8::2 40000 80\r\n");
    }

    @Test
    void v1MixedFamiliesMapTheIpv4AddressIntoIpv6() {
        assertThat(text(at("10.0.0.1", 1234), at("::1", 80))).isEqualTo("PROXY TCP6 ::ffff:10.0.0.1 ::1 1234 80\r\n");
    }

    @Test
    void v1UnknownAddressesSayUnknown() {
        assertThat(text(null, at("10.0.0.1", 80))).isEqualTo("PROXY UNKNOWN\r\n");
    }

    @Test
    void v2Tcp4IsSignatureCommandFamilyLengthAddressesPorts() {
        assertThat(hex(ProxyProtocol.V2, at("192.168.0.1", 56324), at("192.168.0.11", 443))).isEqualTo(
                SIGNATURE + "21" + "11" + "000c" + "c0a80001" + "c0a8000b" + "dc04" + "01bb");
    }

    @Test
    void v2Tcp6CarriesSixteenByteAddresses() {
        assertThat(hex(ProxyProtocol.V2, at("::1", 40000), at("2001:db8::2", 80))).isEqualTo(
                SIGNATURE + "21" + "21" + "0024" + "00000000000000000000000000000001"
                        + "20010db8000000000000000000000002" + "9c40" + "0050");
    }

    @Test
    void v2UnknownAddressesAreALocalCommandWithoutAddresses() {
        assertThat(hex(ProxyProtocol.V2, null, null)).isEqualTo(SIGNATURE + "20" + "00" + "0000");
    }

    @ParameterizedTest
    @CsvSource({"V1, 127.0.0.1, 10.1.2.3", "V2, 127.0.0.1, 10.1.2.3", "V1, ::1, fd00::7", "V2, ::1, fd00::7"})
    void nettysDecoderReadsBackWhatWeWrite(ProxyProtocol version, String source, String destination) {
        EmbeddedChannel channel = new EmbeddedChannel(new HAProxyMessageDecoder());
        channel.writeInbound(ProxyHeaders.encode(ALLOC, version, at(source, 5555), at(destination, 8080)));
        HAProxyMessage message = channel.readInbound();
        try {
            assertThat(message.protocolVersion())
                    .isEqualTo(version == ProxyProtocol.V1 ? HAProxyProtocolVersion.V1 : HAProxyProtocolVersion.V2);
            assertThat(message.command()).isEqualTo(HAProxyCommand.PROXY);
            assertThat(message.proxiedProtocol()).isEqualTo(source.contains(":")
                    ? HAProxyProxiedProtocol.TCP6 : HAProxyProxiedProtocol.TCP4);
            assertThat(at(message.sourceAddress(), message.sourcePort())).isEqualTo(at(source, 5555));
            assertThat(at(message.destinationAddress(), message.destinationPort())).isEqualTo(at(destination, 8080));
        } finally {
            message.release();
            channel.finishAndReleaseAll();
        }
    }
}
