package dev.swarmgate.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.Checksum;

/**
 * A deflate encoder in the manner of HAProxy's libslz: stateless between calls, fixed Huffman codes (RFC 1951
 * §3.2.6, block type 01, so no code tables to build or send) and greedy LZ77 matches found through a small hash
 * table of positions. It gives up some ratio against zlib's level 1 for much less work: no per-stream memory to
 * reset, no Huffman trees, no native call.
 *
 * <p>Each call compresses the bytes it is given on their own: matches reach back at most 32 KiB and never into an
 * earlier call's bytes (or, for input over {@link #CHUNK} bytes, an earlier chunk's), so nothing is kept between
 * calls but the scratch arrays. A call ends byte-aligned, either with a sync flush (an empty stored block, {@code 00
 * 00 FF FF}), so what it wrote decodes on arrival, or, for the last part, with a final block. A block that fixed
 * codes would make larger than its input (random data) is sent stored instead.
 *
 * <p>The hash table is not cleared per call: each entry carries the generation (one per block) that wrote it next to
 * the position, and an entry of another generation counts as empty, so the output depends on the input alone; the
 * table is cleared only when the 16-bit generation wraps, once every 65535 blocks. A candidate is used only when its
 * four bytes equal the current ones (hash collisions), it lies before the current position and within 32 KiB.
 *
 * <p>One instance per thread ({@link #current()}); after the first call nothing is allocated. It holds about 200 KiB
 * of heap: the input chunk, the output scratch and the table.
 */
final class FixedHuffmanDeflater {

    /** Input bytes compressed as one block, and the largest copied at once. */
    static final int CHUNK = 1 << 16;

    private static final int HASH_BITS = 13;
    private static final int MIN_MATCH = 4;
    private static final int MAX_MATCH = 258;
    private static final int MAX_DISTANCE = 32768;
    private static final int MAX_STORED = 65535;
    private static final int END_OF_BLOCK_BITS = 7;

    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    /** Literal codes, bit-reversed for the LSB-first stream, and their lengths (8 or 9 bits). */
    private static final int[] LITERAL_CODE = new int[256];
    private static final int[] LITERAL_BITS = new int[256];
    /** For a match length 3..258: its length code (reversed) with the extra bits above it, and their total length. */
    private static final int[] LENGTH_CODE = new int[MAX_MATCH + 1];
    private static final int[] LENGTH_BITS = new int[MAX_MATCH + 1];
    /** The 30 distance codes, 5 bits each, reversed. */
    private static final int[] DISTANCE_CODE = new int[30];

    static {
        for (int symbol = 0; symbol < 256; symbol++) {
            LITERAL_CODE[symbol] = reversed(fixedCode(symbol), fixedCodeLength(symbol));
            LITERAL_BITS[symbol] = fixedCodeLength(symbol);
        }
        int[] base = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
                163, 195, 227, 258};
        int[] extra = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
        for (int k = 0; k < base.length; k++) {
            int symbol = 257 + k;
            int code = reversed(fixedCode(symbol), fixedCodeLength(symbol));
            for (int v = 0; v < 1 << extra[k]; v++) {
                int length = base[k] + v;
                // 258 has a code of its own (285); code 284 stops at 257.
                if (length == MAX_MATCH && symbol != 285) {
                    continue;
                }
                LENGTH_CODE[length] = code | v << fixedCodeLength(symbol);
                LENGTH_BITS[length] = fixedCodeLength(symbol) + extra[k];
            }
        }
        for (int code = 0; code < DISTANCE_CODE.length; code++) {
            DISTANCE_CODE[code] = reversed(code, 5);
        }
    }

    private static final FastThreadLocal<FixedHuffmanDeflater> INSTANCES = new FastThreadLocal<>() {
        @Override
        protected FixedHuffmanDeflater initialValue() {
            return new FixedHuffmanDeflater();
        }
    };

    /** The generation mark of the current block, in the high 16 bits; 0 is never used (a cleared entry). */
    private int generation;

    private final byte[] window = new byte[CHUNK];
    private final int[] table = new int[1 << HASH_BITS];
    // Worst case of a block before it is taken back for a stored one: 9 bits a byte, plus headers and flushes.
    private final BitWriter out = new BitWriter(CHUNK + CHUNK / 8 + 64);

    /** The calling thread's encoder. */
    static FixedHuffmanDeflater current() {
        return INSTANCES.get();
    }

    /** The most bytes {@link #deflate} writes for {@code length} input bytes. */
    static int maxDeflatedLength(int length) {
        // Per chunk at most its stored form (5 bytes of header each 65535 bytes, 1 of alignment); then the flush.
        int chunks = length / CHUNK + 1;
        return length + chunks * 12 + 16;
    }

    /**
     * Compresses {@code input}'s readable bytes (not consumed) to {@code target}, adds them to {@code checksum} when
     * there is one, and ends byte-aligned: with a sync flush, or with the final block when {@code last}.
     */
    void deflate(ByteBuf input, boolean last, Checksum checksum, ByteBuf target) {
        BitWriter bits = out;
        // Every call ends aligned; a call that failed half-way must not leave its bits to the next.
        bits.reset();
        int index = input.readerIndex();
        int remaining = input.readableBytes();
        do {
            int length = Math.min(CHUNK, remaining);
            input.getBytes(index, window, 0, length);
            if (checksum != null) {
                checksum.update(window, 0, length);
            }
            index += length;
            remaining -= length;
            block(length, last && remaining == 0);
            bits.drainTo(target);
        } while (remaining > 0);
        if (!last) {
            // Sync flush: an empty stored block, not final.
            bits.put(0, 3);
            bits.alignToByte();
            bits.putShortLE(0);
            bits.putShortLE(0xFFFF);
        } else {
            bits.alignToByte();
        }
        bits.drainTo(target);
    }

    /** The first {@code length} bytes of the window as one block (or stored blocks when those are smaller). */
    private void block(int length, boolean fin) {
        BitWriter bits = out;
        byte[] data = window;
        int[] positions = table;
        int tag = nextGeneration();
        bits.mark();
        bits.put(fin ? 0b011 : 0b010, 3);
        int i = 0;
        int lastHashed = length - MIN_MATCH;
        while (i <= lastHashed) {
            int word = (int) INT_LE.get(data, i);
            int slot = word * 0x9E3779B1 >>> (32 - HASH_BITS);
            int entry = positions[slot];
            positions[slot] = tag | i;
            int candidate = entry & 0xFFFF;
            int distance = i - candidate;
            if ((entry & 0xFFFF_0000) == tag && distance > 0 && distance <= MAX_DISTANCE
                    && (int) INT_LE.get(data, candidate) == word) {
                int match = MIN_MATCH + commonLength(data, candidate + MIN_MATCH, i + MIN_MATCH,
                        Math.min(MAX_MATCH, length - i) - MIN_MATCH);
                putMatch(bits, match, distance);
                i += match;
                // The match's last position, so that a run goes on at distance 1 rather than the run's length.
                int end = i - 1;
                if (end <= lastHashed) {
                    positions[(int) INT_LE.get(data, end) * 0x9E3779B1 >>> (32 - HASH_BITS)] = tag | end;
                }
            } else {
                putLiteral(bits, data[i] & 0xff);
                i++;
            }
        }
        for (; i < length; i++) {
            putLiteral(bits, data[i] & 0xff);
        }
        bits.put(0, END_OF_BLOCK_BITS);
        long storedBits = 3 + 7 + 32L * (length / MAX_STORED + 1) + 8L * length;
        if (bits.bitsSinceMark() > storedBits) {
            bits.rewind();
            stored(length, fin);
        }
    }

    /** A fresh generation mark for a block's table entries (positions are below 65536, so they fit the low half). */
    private int nextGeneration() {
        if (++generation > 0xFFFF) {
            Arrays.fill(table, 0);
            generation = 1;
        }
        return generation << 16;
    }

    /** The first {@code length} bytes of the window as they are, in stored blocks of at most 65535 bytes. */
    private void stored(int length, boolean fin) {
        BitWriter bits = out;
        int offset = 0;
        do {
            int size = Math.min(MAX_STORED, length - offset);
            boolean end = offset + size == length;
            bits.put(fin && end ? 1 : 0, 3);
            bits.alignToByte();
            bits.putShortLE(size);
            bits.putShortLE(~size);
            bits.putBytes(window, offset, size);
            offset += size;
        } while (offset < length);
    }

    static void putLiteral(BitWriter bits, int literal) {
        bits.put(LITERAL_CODE[literal], LITERAL_BITS[literal]);
    }

    /** A length (3..258) and distance (1..32768) pair, as one write of at most 31 bits. */
    static void putMatch(BitWriter bits, int length, int distance) {
        int lengthBits = LENGTH_BITS[length];
        int d = distance - 1;
        int code;
        int extraBits;
        if (d < 4) {
            code = d;
            extraBits = 0;
        } else {
            int top = 31 - Integer.numberOfLeadingZeros(d);
            extraBits = top - 1;
            code = top << 1 | (d >>> extraBits) & 1;
        }
        int extra = d & ((1 << extraBits) - 1);
        bits.put(LENGTH_CODE[length] | DISTANCE_CODE[code] << lengthBits | extra << (lengthBits + 5),
                lengthBits + 5 + extraBits);
    }

    /** How many of the {@code max} bytes from {@code a} equal those from {@code b}. */
    private static int commonLength(byte[] data, int a, int b, int max) {
        int n = 0;
        while (n + 8 <= max) {
            long diff = (long) LONG_LE.get(data, a + n) ^ (long) LONG_LE.get(data, b + n);
            if (diff != 0) {
                return n + (Long.numberOfTrailingZeros(diff) >>> 3);
            }
            n += 8;
        }
        while (n < max && data[a + n] == data[b + n]) {
            n++;
        }
        return n;
    }

    /** RFC 1951 §3.2.6's fixed literal/length code of {@code symbol} (0..287), most significant bit first. */
    private static int fixedCode(int symbol) {
        if (symbol < 144) {
            return 0b0011_0000 + symbol;
        } else if (symbol < 256) {
            return 0b1_1001_0000 + symbol - 144;
        } else if (symbol < 280) {
            return symbol - 256;
        }
        return 0b1100_0000 + symbol - 280;
    }

    private static int fixedCodeLength(int symbol) {
        if (symbol < 144) {
            return 8;
        } else if (symbol < 256) {
            return 9;
        } else if (symbol < 280) {
            return 7;
        }
        return 8;
    }

    private static int reversed(int code, int length) {
        return Integer.reverse(code) >>> (32 - length);
    }
}
