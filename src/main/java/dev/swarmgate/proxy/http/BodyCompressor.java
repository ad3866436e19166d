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

import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Compresses the body of one response as its parts are written: each part leaves compressed and flushed (a sync
 * flush, so a streamed response is not held back), nothing is buffered here, and the channel's writability, which
 * the exchange watches for back-pressure, counts the compressed bytes. At the last part the stream is finished and
 * the handler leaves the pipeline. The response head passes untouched ({@link ResponseCompression} edited it).
 *
 * <p>{@code gzip} is a bare deflate stream in a frame written here (RFC 1952: a 10-byte header, then CRC-32 and
 * length); {@code deflate} is a zlib stream (RFC 1950), as RFC 9110 §8.4.1.2 defines it and curl and browsers
 * expect; {@code raw-deflate} is HAProxy's bare stream. The {@link Deflater}, lent by the event loop's
 * {@link DeflaterPool}, goes back when the handler is removed: after the last part, or when the connection closes
 * in the middle of the body.
 */
final class BodyCompressor extends ChannelOutboundHandlerAdapter {

    static final String NAME = "response-compression";

    /** Magic, deflate, no flags, no time, "fastest" (XFL 4, level 1), unknown OS. */
    private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 4, (byte) 0xff};
    private static final byte[] NO_INPUT = new byte[0];
    /** Room kept free before each deflate call: a sync-flush marker and a trailer always fit. */
    private static final int MIN_ROOM = 64;

    private final Coding coding;
    private final boolean nowrap;
    private final CRC32 crc;
    private final DeflaterPool pool;
    private Deflater deflater;
    private long inputBytes;
    private boolean started;

    /** A compressor with {@code deflater}, taken from {@code pool} with {@link #nowrap(Coding)}. */
    BodyCompressor(Coding coding, DeflaterPool pool, Deflater deflater) {
        this.coding = coding;
        this.nowrap = nowrap(coding);
        this.crc = coding == Coding.GZIP ? new CRC32() : null;
        this.pool = pool;
        this.deflater = deflater;
    }

    /** Whether {@code coding} needs a bare deflater (no zlib wrapper). */
    static boolean nowrap(Coding coding) {
        return coding != Coding.DEFLATE;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        giveBack();
    }

    /** Returns the deflater to its pool, once. */
    void giveBack() {
        if (deflater != null) {
            deflater.setInput(NO_INPUT);
            pool.give(deflater, nowrap);
            deflater = null;
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof HttpContent content) || deflater == null) {
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
        ctx.write(compressed, promise);
        if (last) {
            ctx.pipeline().remove(this);
        }
    }

    /** The compressed form of {@code input}, flushed; with the stream's end when {@code last}. */
    private ByteBuf compress(ByteBufAllocator alloc, ByteBuf input, boolean last) {
        int length = input.readableBytes();
        // zlib's deflateBound for level 1 plus the frame: one call fills it in all but freak cases.
        ByteBuf output = alloc.ioBuffer(length + (length >>> 12) + (length >>> 14) + MIN_ROOM);
        try {
            if (!started) {
                started = true;
                if (coding == Coding.GZIP) {
                    output.writeBytes(GZIP_HEADER);
                }
            }
            if (length > 0) {
                inputBytes += length;
                if (input.nioBufferCount() == 1) {
                    take(input.nioBuffer(input.readerIndex(), length));
                } else {
                    ByteBuffer[] parts = input.nioBuffers(input.readerIndex(), length);
                    for (int i = 0; i < parts.length - 1; i++) {
                        take(parts[i]);
                        while (!deflater.needsInput()) {
                            deflateInto(output, Deflater.NO_FLUSH);
                        }
                    }
                    take(parts[parts.length - 1]);
                }
            }
            // The last input is consumed by the flush itself: one native call for a body that fits.
            if (last) {
                deflater.finish();
                while (!deflater.finished()) {
                    deflateInto(output, Deflater.NO_FLUSH);
                }
                if (crc != null) {
                    output.ensureWritable(8);
                    output.writeIntLE((int) crc.getValue());
                    output.writeIntLE((int) inputBytes);
                }
            } else {
                // Room left means the input is consumed and flushed; a full buffer means call again (Deflater's
                // contract for SYNC_FLUSH).
                while (deflateInto(output, Deflater.SYNC_FLUSH) == 0) {
                    continue;
                }
            }
            deflater.setInput(NO_INPUT);
            return output;
        } catch (RuntimeException | Error e) {
            output.release();
            throw e;
        }
    }

    /** Hands {@code part} to the deflater (and the gzip checksum); the caller makes it consume it. */
    private void take(ByteBuffer part) {
        if (crc != null) {
            int position = part.position();
            crc.update(part);
            part.position(position);
        }
        deflater.setInput(part);
    }

    /** One deflate call into the output's free space (grown when little is left); the room left after it. */
    private int deflateInto(ByteBuf output, int flush) {
        if (output.writableBytes() < MIN_ROOM) {
            output.ensureWritable(Math.max(MIN_ROOM, output.writerIndex()));
        }
        int room = output.writableBytes();
        int written = deflater.deflate(output.nioBuffer(output.writerIndex(), room), flush);
        output.writerIndex(output.writerIndex() + written);
        return room - written;
    }
}
