package dev.swarmgate.proxy.http;

import dev.swarmgate.config.Compression.Coding;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;

import java.util.zip.Adler32;
import java.util.zip.CRC32;
import java.util.zip.Checksum;

/**
 * Compresses the body of one response as its parts are written: each part leaves compressed and flushed (a sync
 * flush, so a streamed response is not held back), nothing is buffered here, and the channel's writability, which
 * the exchange watches for back-pressure, counts the compressed bytes. At the last part the stream is finished and
 * the handler leaves the pipeline. The response head passes untouched ({@link ResponseCompression} edited it).
 *
 * <p>{@code gzip} is a bare deflate stream in a frame written here (RFC 1952: a 10-byte header, then CRC-32 and
 * length); {@code deflate} is a zlib stream (RFC 1950: a 2-byte header, then Adler-32), as RFC 9110 §8.4.1.2
 * defines it and curl and browsers expect; {@code raw-deflate} is HAProxy's bare stream. The deflate stream itself
 * comes from the event loop's {@link FixedHuffmanDeflater}, which keeps nothing between calls: a response holds
 * only its checksum and length, so there is nothing to give back when it ends or its connection closes.
 */
final class BodyCompressor extends ChannelOutboundHandlerAdapter {

    static final String NAME = "response-compression";

    /** Magic, deflate, no flags, no time, "fastest" (XFL 4), unknown OS. */
    private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 4, (byte) 0xff};
    /** CM 8 with a 32 KiB window, FLEVEL 0 ("fastest"), no dictionary; a multiple of 31 as RFC 1950 asks. */
    private static final int ZLIB_HEADER = 0x7801;
    /** Room for the frame: the gzip header or the zlib one, and either trailer. */
    private static final int FRAME = 32;

    private final Coding coding;
    /** CRC-32 for gzip, Adler-32 for a zlib stream, none for raw deflate. */
    private final Checksum checksum;
    private long inputBytes;
    private boolean started;
    private boolean finished;

    BodyCompressor(Coding coding) {
        this.coding = coding;
        this.checksum = switch (coding) {
            case GZIP -> new CRC32();
            case DEFLATE -> new Adler32();
            default -> null;
        };
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof HttpContent content) || finished) {
            ctx.write(msg, promise);
            return;
        }
        boolean last = content instanceof LastHttpContent;
        ByteBuf input = content.content();
        if (!last && !input.isReadable()) {
            ctx.write(msg, promise);
            return;
        }
        Object compressed;
        try {
            ByteBuf output = compress(ctx.alloc(), input, last);
            compressed = switch (content) {
                case FullHttpResponse full -> full.replace(output);
                case LastHttpContent end -> new DefaultLastHttpContent(output, end.trailingHeaders());
                default -> new DefaultHttpContent(output);
            };
        } finally {
            content.release();
        }
        if (last) {
            finished = true;
        }
        ctx.write(compressed, promise);
        if (last) {
            ctx.pipeline().remove(this);
        }
    }

    /** The compressed form of {@code input}, flushed; with the stream's end when {@code last}. */
    private ByteBuf compress(ByteBufAllocator alloc, ByteBuf input, boolean last) {
        int length = input.readableBytes();
        ByteBuf output = alloc.ioBuffer(FixedHuffmanDeflater.maxDeflatedLength(length) + FRAME);
        try {
            if (!started) {
                started = true;
                switch (coding) {
                    case GZIP -> output.writeBytes(GZIP_HEADER);
                    case DEFLATE -> output.writeShort(ZLIB_HEADER);
                    default -> { }
                }
            }
            inputBytes += length;
            FixedHuffmanDeflater.current().deflate(input, last, checksum, output);
            if (last) {
                switch (coding) {
                    case GZIP -> {
                        output.writeIntLE((int) checksum.getValue());
                        output.writeIntLE((int) inputBytes);
                    }
                    case DEFLATE -> output.writeInt((int) checksum.getValue());
                    default -> { }
                }
            }
            return output;
        } catch (RuntimeException | Error e) {
            output.release();
            throw e;
        }
    }
}
