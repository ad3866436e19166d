package dev.swarmgate.proxy.http;

import dev.swarmgate.config.Compression;
import dev.swarmgate.config.Compression.Coding;
import dev.swarmgate.routing.rules.CompressionPolicy;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compressing handler in a channel of its own: the head edits, the body in one or several parts, every coding
 * decoded back with the JDK's own decoders, and the handler leaving the pipeline at the end or when the connection
 * closes. Paranoid leak detection (the build's setting) catches a buffer not released.
 */
class ResponseCompressionTest {

    private static final String FRONTEND = "frontend";
    private static final String TEXT = "<p>Swarmgate compresses what the client accepts.</p>\n".repeat(60);

    private EmbeddedChannel channel;
    private ChannelHandlerContext client;

    @BeforeEach
    void channel() {
        channel = new EmbeddedChannel();
        channel.pipeline().addLast(FRONTEND, new ChannelInboundHandlerAdapter());
        client = channel.pipeline().context(FRONTEND);
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private static CompressionPolicy policy(Coding... codings) {
        return CompressionPolicy.of(new Compression(List.of(codings), List.of()));
    }

    private static HttpRequest request(String acceptEncoding) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        if (acceptEncoding != null) {
            request.headers().set(HttpHeaderNames.ACCEPT_ENCODING, acceptEncoding);
        }
        return request;
    }

    private static HttpResponse head(String contentType, long length) {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        if (length >= 0) {
            response.headers().set(HttpHeaderNames.CONTENT_LENGTH, length);
        }
        return response;
    }

    private static ByteBuf bytes(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }

    /** Writes head and parts the way the exchange does, through the frontend's context; returns the outbound body. */
    private byte[] relay(HttpResponse head, HttpContent... parts) {
        client.write(head, client.voidPromise());
        for (HttpContent part : parts) {
            if (part instanceof LastHttpContent) {
                client.writeAndFlush(part);
            } else {
                client.write(part, client.voidPromise());
            }
        }
        assertThat((Object) channel.readOutbound()).isSameAs(head);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Object message; (message = channel.readOutbound()) != null; ) {
            HttpContent content = (HttpContent) message;
            ByteBuf data = content.content();
            byte[] copy = new byte[data.readableBytes()];
            data.readBytes(copy);
            body.writeBytes(copy);
            content.release();
        }
        return body.toByteArray();
    }

    private static String gunzip(byte[] body) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String inflate(byte[] body) throws IOException {
        try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String inflateRaw(byte[] body) throws DataFormatException {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(body);
            byte[] out = new byte[TEXT.length() * 4];
            int n = inflater.inflate(out);
            assertThat(inflater.finished()).as("the raw stream is complete").isTrue();
            return new String(out, 0, n, StandardCharsets.UTF_8);
        } finally {
            inflater.end();
        }
    }

    @Test
    void aGzipClientGetsAGzipBodyAndAnEditedHead() throws IOException {
        HttpResponse head = head("text/html; charset=utf-8", TEXT.length());
        head.headers().set(HttpHeaderNames.ETAG, "\"v1\"");
        head.headers().set(HttpHeaderNames.ACCEPT_RANGES, "bytes");
        ResponseCompression.engage(client, policy(Coding.GZIP), request("gzip, deflate, br"), head);

        byte[] body = relay(head, new DefaultLastHttpContent(bytes(TEXT)));

        assertThat(head.headers().get(HttpHeaderNames.CONTENT_ENCODING)).isEqualTo("gzip");
        assertThat(head.headers().contains(HttpHeaderNames.CONTENT_LENGTH)).isFalse();
        assertThat(head.headers().contains(HttpHeaderNames.ACCEPT_RANGES)).isFalse();
        assertThat(head.headers().getAll(HttpHeaderNames.VARY)).containsExactly("Accept-Encoding");
        assertThat(head.headers().get(HttpHeaderNames.ETAG)).isEqualTo("W/\"v1\"");
        assertThat(gunzip(body)).isEqualTo(TEXT);
        assertThat(body.length).isLessThan(TEXT.length() / 4);
        assertThat(channel.pipeline().get(BodyCompressor.NAME)).as("gone after the last part").isNull();
    }

    @Test
    void aBodyInManyPartsIsOneStream() throws IOException {
        HttpResponse head = head("text/plain", -1);
        ResponseCompression.engage(client, policy(Coding.GZIP), request("gzip"), head);
        String[] parts = {TEXT.substring(0, 10), "", TEXT.substring(10, 1000), TEXT.substring(1000)};

        byte[] body = relay(head, new DefaultHttpContent(bytes(parts[0])), new DefaultHttpContent(bytes(parts[1])),
                new DefaultHttpContent(bytes(parts[2])), new DefaultLastHttpContent(bytes(parts[3])));

        assertThat(gunzip(body)).isEqualTo(TEXT);
    }

    @Test
    void eachPartLeavesFlushedSoAStreamIsNotHeldBack() throws DataFormatException {
        HttpResponse head = head("text/plain", -1);
        ResponseCompression.engage(client, policy(Coding.DEFLATE), request("deflate"), head);
        client.write(head, client.voidPromise());
        client.writeAndFlush(new DefaultHttpContent(bytes("event one\n")));
        channel.readOutbound();
        HttpContent first = channel.readOutbound();
        byte[] compressed = new byte[first.content().readableBytes()];
        first.content().readBytes(compressed);
        first.release();

        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            byte[] out = new byte[64];
            int n = inflater.inflate(out);
            assertThat(new String(out, 0, n, StandardCharsets.UTF_8)).isEqualTo("event one\n");
        } finally {
            inflater.end();
        }
        client.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    }

    @Test
    void deflateIsAZlibStream() throws IOException {
        HttpResponse head = head("application/json", TEXT.length());
        ResponseCompression.engage(client, policy(Coding.DEFLATE, Coding.GZIP), request("gzip, deflate"), head);

        byte[] body = relay(head, new DefaultHttpContent(bytes(TEXT.substring(0, 700))),
                new DefaultLastHttpContent(bytes(TEXT.substring(700))));

        assertThat(head.headers().get(HttpHeaderNames.CONTENT_ENCODING)).isEqualTo("deflate");
        assertThat(body[0] & 0x0f).as("zlib header: method 8").isEqualTo(8);
        assertThat(inflate(body)).isEqualTo(TEXT);
    }

    @Test
    void rawDeflateIsABareStreamSentAsDeflate() throws DataFormatException {
        HttpResponse head = head("text/css", TEXT.length());
        ResponseCompression.engage(client, policy(Coding.RAW_DEFLATE), request("deflate"), head);

        byte[] body = relay(head, new DefaultLastHttpContent(bytes(TEXT)));

        assertThat(head.headers().get(HttpHeaderNames.CONTENT_ENCODING)).isEqualTo("deflate");
        assertThat(inflateRaw(body)).isEqualTo(TEXT);
    }

    @Test
    void anEmptyChunkedBodyIsAValidEmptyStream() throws IOException {
        HttpResponse head = head("text/plain", -1);
        ResponseCompression.engage(client, policy(Coding.GZIP), request("gzip"), head);

        byte[] body = relay(head, LastHttpContent.EMPTY_LAST_CONTENT);

        assertThat(gunzip(body)).isEmpty();
    }

    @Test
    void aBodyInACompositeBufferIsReadWhole() throws IOException {
        HttpResponse head = head("text/plain", TEXT.length());
        ResponseCompression.engage(client, policy(Coding.GZIP), request("gzip"), head);
        CompositeByteBuf composite = Unpooled.compositeBuffer();
        composite.addComponents(true, bytes(TEXT.substring(0, 123)), bytes(TEXT.substring(123)));

        assertThat(gunzip(relay(head, new DefaultLastHttpContent(composite)))).isEqualTo(TEXT);
    }

    @Test
    void incompressibleDataStillRoundTrips() throws IOException {
        byte[] noise = new byte[200_000];
        new Random(7).nextBytes(noise);
        String text = new String(noise, StandardCharsets.ISO_8859_1);
        HttpResponse head = head("text/plain", noise.length);
        ResponseCompression.engage(client, policy(Coding.GZIP), request("gzip"), head);

        byte[] body = relay(head, new DefaultHttpContent(Unpooled.wrappedBuffer(noise, 0, 70_000)),
                new DefaultLastHttpContent(Unpooled.wrappedBuffer(noise, 70_000, noise.length - 70_000)));

        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo(text);
        }
    }

    @Test
    void trailersOfAChunkedBodyAreKept() throws IOException {
        HttpResponse head = head("text/plain", -1);
        ResponseCompression.engage(client, policy(Coding.GZIP), request("gzip"), head);
        LastHttpContent last = new DefaultLastHttpContent(bytes(TEXT));
        last.trailingHeaders().set("X-Checksum", "abc");
        client.write(head, client.voidPromise());
        client.writeAndFlush(last);
        channel.readOutbound();

        LastHttpContent out = channel.readOutbound();
        try {
            assertThat(out.trailingHeaders().get("X-Checksum")).isEqualTo("abc");
            byte[] body = new byte[out.content().readableBytes()];
            out.content().readBytes(body);
            assertThat(gunzip(body)).isEqualTo(TEXT);
        } finally {
            out.release();
        }
    }

    @Test
    void aClientWithoutAcceptEncodingGetsTheResponseUntouched() {
        HttpResponse head = head("text/html", TEXT.length());
        head.headers().set(HttpHeaderNames.ETAG, "\"v1\"");
        ResponseCompression.engage(client, policy(Coding.GZIP), request(null), head);

        assertThat(channel.pipeline().get(BodyCompressor.NAME)).isNull();
        assertThat(head.headers().get(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo(String.valueOf(TEXT.length()));
        assertThat(head.headers().contains(HttpHeaderNames.VARY)).isFalse();
        assertThat(head.headers().get(HttpHeaderNames.ETAG)).isEqualTo("\"v1\"");
        assertThat(relay(head, new DefaultLastHttpContent(bytes(TEXT))))
                .isEqualTo(TEXT.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void severalAcceptEncodingLinesAreReadAsOneList() {
        HttpRequest request = request("br");
        request.headers().add(HttpHeaderNames.ACCEPT_ENCODING, "gzip");
        HttpResponse head = head("text/html", TEXT.length());

        ResponseCompression.engage(client, policy(Coding.GZIP), request, head);

        assertThat(head.headers().get(HttpHeaderNames.CONTENT_ENCODING)).isEqualTo("gzip");
        relay(head, new DefaultLastHttpContent(bytes(TEXT)));
    }

    @Test
    void anExistingVaryIsExtendedOnceAndAWeakETagStaysAsItIs() {
        HttpResponse head = head("text/html", TEXT.length());
        head.headers().add(HttpHeaderNames.VARY, "Origin");
        head.headers().set(HttpHeaderNames.ETAG, "W/\"v2\"");
        ResponseCompression.engage(client, policy(Coding.GZIP), request("gzip"), head);

        assertThat(head.headers().getAll(HttpHeaderNames.VARY)).containsExactly("Origin", "Accept-Encoding");
        assertThat(head.headers().get(HttpHeaderNames.ETAG)).isEqualTo("W/\"v2\"");
        relay(head, new DefaultLastHttpContent(bytes(TEXT)));

        HttpResponse already = head("text/html", TEXT.length());
        already.headers().add(HttpHeaderNames.VARY, "accept-encoding, Origin");
        ResponseCompression.engage(client, policy(Coding.GZIP), request("gzip"), already);
        assertThat(already.headers().getAll(HttpHeaderNames.VARY)).containsExactly("accept-encoding, Origin");
        relay(already, new DefaultLastHttpContent(bytes(TEXT)));
    }

    @Test
    void consecutiveResponsesOnOneConnectionGiveTheSameBytes() throws IOException {
        // The thread's encoder is shared and its hash table never cleared: what one response left must not change
        // the next one's output.
        byte[] first = null;
        for (int i = 0; i < 3; i++) {
            HttpResponse head = head("text/plain", TEXT.length());
            ResponseCompression.engage(client, policy(Coding.GZIP), request("gzip"), head);
            byte[] body = relay(head, new DefaultHttpContent(bytes(TEXT.substring(0, 99))),
                    new DefaultLastHttpContent(bytes(TEXT.substring(99))));
            assertThat(gunzip(body)).isEqualTo(TEXT);
            if (first == null) {
                first = body;
            }
            assertThat(body).as("response %d", i).isEqualTo(first);
        }
    }

    @Test
    void aConnectionClosedMidBodyRemovesTheHandlerAndLeaksNothing() {
        HttpResponse head = head("text/plain", -1);
        ResponseCompression.engage(client, policy(Coding.GZIP), request("gzip"), head);
        client.write(head, client.voidPromise());
        client.writeAndFlush(new DefaultHttpContent(bytes(TEXT)));

        channel.close();

        assertThat(channel.pipeline().get(BodyCompressor.NAME)).isNull();
    }

    @Test
    void aFullResponseIsCompressedWhole() throws IOException {
        FullHttpResponse full = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                bytes(TEXT));
        full.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
        ResponseCompression.engage(client, policy(Coding.GZIP), request("gzip"), full);

        client.writeAndFlush(full);
        FullHttpResponse out = channel.readOutbound();
        try {
            byte[] body = new byte[out.content().readableBytes()];
            out.content().readBytes(body);
            assertThat(out.headers().get(HttpHeaderNames.CONTENT_ENCODING)).isEqualTo("gzip");
            assertThat(gunzip(body)).isEqualTo(TEXT);
        } finally {
            out.release();
        }
    }

    @Test
    void outputThatOverflowsItsFirstBufferGrowsIt() throws IOException {
        // An allocator that hands out buffers of 16 bytes whatever is asked: every part outgrows its first buffer.
        channel.config().setAllocator(new AbstractByteBufAllocator(false) {
            @Override
            protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
                return Unpooled.buffer(Math.min(initialCapacity, 16), maxCapacity);
            }

            @Override
            protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
                return Unpooled.directBuffer(Math.min(initialCapacity, 16), maxCapacity);
            }

            @Override
            public boolean isDirectBufferPooled() {
                return false;
            }
        });
        byte[] noise = new byte[50_000];
        new Random(11).nextBytes(noise);
        HttpResponse head = head("text/plain", -1);
        ResponseCompression.engage(client, policy(Coding.GZIP), request("gzip"), head);

        byte[] body = relay(head, new DefaultHttpContent(Unpooled.wrappedBuffer(noise, 0, 20_000)),
                new DefaultHttpContent(bytes(TEXT)),
                new DefaultLastHttpContent(Unpooled.wrappedBuffer(noise, 20_000, 30_000)));

        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            byte[] expected = new byte[noise.length + TEXT.length()];
            System.arraycopy(noise, 0, expected, 0, 20_000);
            System.arraycopy(TEXT.getBytes(StandardCharsets.UTF_8), 0, expected, 20_000, TEXT.length());
            System.arraycopy(noise, 20_000, expected, 20_000 + TEXT.length(), 30_000);
            assertThat(in.readAllBytes()).isEqualTo(expected);
        }
    }

    @Test
    void aClosedConnectionGetsNoCompressor() {
        channel.close();
        HttpResponse head = head("text/html", TEXT.length());

        ResponseCompression.engage(client, policy(Coding.GZIP), request("gzip"), head);

        assertThat(head.headers().contains(HttpHeaderNames.CONTENT_ENCODING)).isFalse();
        assertThat(channel.pipeline().get(BodyCompressor.NAME)).isNull();
    }
}
