package dev.swarmgate.proxy.http;

import io.netty.buffer.ByteBuf;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Deflate's bit order (RFC 1951 §3.1.1: least significant bit first) into a byte array of fixed size: bits gather in
 * a 64-bit accumulator and leave 32 at a time. Up to 31 bits go in per {@link #put}, so a whole match (length code,
 * extra bits, distance code, extra bits) is one call. A {@link #mark() mark} lets a block be written, measured and
 * taken back. Not thread-safe; one per {@link FixedHuffmanDeflater}.
 */
final class BitWriter {

    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class,
            ByteOrder.LITTLE_ENDIAN);

    private final byte[] out;
    private int position;
    private long bits;
    private int count;

    private int markPosition;
    private long markBits;
    private int markCount;

    /** A writer whose array holds {@code capacity} bytes; the caller drains it before it fills. */
    BitWriter(int capacity) {
        this.out = new byte[capacity];
    }

    /** The {@code length} (0..31) low bits of {@code value}, which has no higher bits set. */
    void put(int value, int length) {
        bits |= (long) value << count;
        count += length;
        if (count >= 32) {
            INT_LE.set(out, position, (int) bits);
            position += 4;
            bits >>>= 32;
            count -= 32;
        }
    }

    /** Pads the pending bits with zeros to a whole byte and moves them to the array. */
    void alignToByte() {
        while (count > 0) {
            out[position++] = (byte) bits;
            bits >>>= 8;
            count -= 8;
        }
        bits = 0;
        count = 0;
    }

    /** Two bytes, least significant first; the writer must be {@link #alignToByte() aligned}. */
    void putShortLE(int value) {
        out[position++] = (byte) value;
        out[position++] = (byte) (value >>> 8);
    }

    /** Bytes as they are; the writer must be {@link #alignToByte() aligned}. */
    void putBytes(byte[] source, int offset, int length) {
        System.arraycopy(source, offset, out, position, length);
        position += length;
    }

    /** Bits written since the writer was made or last drained, pending ones included. */
    long bitLength() {
        return (long) position * 8 + count;
    }

    void mark() {
        markPosition = position;
        markBits = bits;
        markCount = count;
    }

    long bitsSinceMark() {
        return bitLength() - ((long) markPosition * 8 + markCount);
    }

    /** Back to the state at {@link #mark()}, as if nothing had been written since. */
    void rewind() {
        position = markPosition;
        bits = markBits;
        count = markCount;
    }

    /** Moves the whole bytes written so far to {@code target}; pending bits (fewer than 32) stay. */
    void drainTo(ByteBuf target) {
        target.writeBytes(out, 0, position);
        position = 0;
    }

    /** Forgets everything, pending bits included. */
    void reset() {
        position = 0;
        bits = 0;
        count = 0;
    }
}
