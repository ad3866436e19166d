package dev.swarmgate.proxy.http;

import dev.swarmgate.config.Compression.Coding;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The slz-style encoder against the JDK's zlib inflater: every stream it writes must decode to exactly its input,
 * part by part as the parts arrive (each ends with a sync flush) and whole at the end. The inputs cover the edges
 * (nothing, one byte, every byte value, runs that make the longest and most overlapping matches, data that does not
 * compress, more than one 64 KiB chunk) and a few thousand random ones; the code tables are checked on their own
 * for every length and every distance.
 */
class FixedHuffmanDeflaterTest {

    private static final byte[] HTML = ("<!DOCTYPE html><html><head><title>Swarmgate</title></head><body>\n"
            + "<ul>\n" + "  <li class=\"item\"><a href=\"/docs/proxying.md#compression\">Compression</a></li>\n".repeat(20)
            + "</ul>\n<p>An edge proxy that compresses what the client accepts.</p></body></html>\n")
            .getBytes(StandardCharsets.UTF_8);

    /** How a part's bytes are held: each reaches the encoder through a different ByteBuf path. */
    enum Holder { HEAP, HEAP_WITH_OFFSET, DIRECT, POOLED_DIRECT, COMPOSITE }

    private final FixedHuffmanDeflater deflater = new FixedHuffmanDeflater();
    private final List<ByteBuf> toRelease = new ArrayList<>();

    @AfterEach
    void release() {
        toRelease.forEach(ByteBuf::release);
    }

    @Test
    void emptyInputIsAValidEmptyStream() throws DataFormatException {
        // A final fixed block holding only its end: 3 + 7 bits.
        assertThat(roundTrip(List.of(new byte[0]), Holder.HEAP)).containsExactly(3, 0);
        // A sync flush (an empty fixed block, then an empty stored one), then the final block.
        assertThat(roundTrip(List.of(new byte[0], new byte[0]), Holder.DIRECT))
                .containsExactly(2, 0, 0, 0, 0xff, 0xff, 3, 0);
    }

    @Test
    void oneByte() throws DataFormatException {
        for (int value : new int[] {0, 'a', 143, 144, 255}) {
            roundTrip(List.of(new byte[] {(byte) value}), Holder.HEAP);
        }
    }

    @Test
    void everyByteValueAlongAndRepeated() throws DataFormatException {
        byte[] all = new byte[256 * 3];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        roundTrip(List.of(Arrays.copyOf(all, 256)), Holder.HEAP);
        byte[] out = roundTrip(List.of(all), Holder.DIRECT);
        assertThat(out.length).as("the repeats are matches").isLessThan(256 * 9 / 8 + 20);
    }

    @Test
    void textShrinks() throws DataFormatException {
        byte[] out = roundTrip(List.of(HTML), Holder.HEAP);
        assertThat(out.length).isLessThan(HTML.length / 4);
    }

    @Test
    void incompressibleDataIsStoredAndGrowsByLittle() throws DataFormatException {
        byte[] noise = random(new Random(3), 200_000);
        byte[] out = roundTrip(List.of(noise), Holder.POOLED_DIRECT);
        assertThat(out.length).isLessThanOrEqualTo(FixedHuffmanDeflater.maxDeflatedLength(noise.length));
        assertThat(out.length).isLessThan(noise.length + 64);
    }

    @Test
    void longRunsBecomeLongestOverlappingMatches() throws DataFormatException {
        byte[] zeros = new byte[100_000];
        byte[] out = roundTrip(List.of(zeros), Holder.HEAP);
        // 258 bytes per match (length code 285 and distance 1: 8 + 5 bits).
        assertThat(out.length).isLessThan(100_000 / 258 * 2 + 64);
        byte[] period3 = new byte[70_001];
        for (int i = 0; i < period3.length; i++) {
            period3[i] = (byte) "abc".charAt(i % 3);
        }
        roundTrip(List.of(period3), Holder.COMPOSITE);
        // A run that ends 1..7 bytes past a whole number of 258s, to catch an off-by-one at the end.
        for (int tail = 0; tail < 8; tail++) {
            roundTrip(List.of(new byte[258 * 3 + 4 + tail]), Holder.HEAP_WITH_OFFSET);
        }
    }

    @Test
    void inputsBeyond32And64KiB() throws DataFormatException {
        Random random = new Random(5);
        for (int size : new int[] {32_767, 32_768, 32_769, 65_535, 65_536, 65_537, 140_000, 300_001}) {
            byte[] text = textLike(random, size);
            byte[] out = roundTrip(List.of(text), Holder.values()[size % Holder.values().length]);
            assertThat(out.length).as("%d bytes", size).isLessThan(size / 2);
        }
    }

    @Test
    void manyPartsOfVaryingSizesEachDecodeOnArrival() throws DataFormatException {
        Random random = new Random(7);
        byte[] text = textLike(random, 400_000);
        for (Holder holder : Holder.values()) {
            List<byte[]> parts = split(random, text, 1, 20_000);
            parts.add(new byte[0]);
            roundTrip(parts, holder);
        }
    }

    @Test
    void theOutputDependsOnTheInputAlone() {
        byte[] text = textLike(new Random(9), 10_000);
        byte[] fresh = deflateWhole(new FixedHuffmanDeflater(), text);
        deflateWhole(deflater, textLike(new Random(10), 100_000));
        deflateWhole(deflater, HTML);
        assertThat(deflateWhole(deflater, text)).isEqualTo(fresh);
    }

    @Test
    void generationsWrapWithoutHarm() throws DataFormatException {
        // 65535 blocks exhaust the generations; the table is cleared and the output stays the same.
        byte[] expected = deflateWhole(new FixedHuffmanDeflater(), HTML);
        byte[] small = {1, 2, 3, 4, 1, 2, 3, 4};
        for (int i = 0; i < 70_000; i++) {
            deflateWhole(deflater, small);
        }
        assertThat(deflateWhole(deflater, HTML)).isEqualTo(expected);
        roundTrip(List.of(HTML, HTML), Holder.HEAP);
    }

    /** Every length 3..258 and every distance 1..32768 through the fixed code tables, decoded by zlib. */
    @Test
    void everyLengthAndDistanceCodeDecodes() throws DataFormatException {
        Random random = new Random(13);
        byte[] history = random(random, 32_768);
        BitWriter bits = new BitWriter(1 << 20);
        byte[] expected = Arrays.copyOf(history, 32_768 + 256 * 258 + 32_768 * 258);
        int size = history.length;
        bits.put(0b011, 3);
        for (byte b : history) {
            FixedHuffmanDeflater.putLiteral(bits, b & 0xff);
        }
        for (int length = 3; length <= 258; length++) {
            int distance = 1 + random.nextInt(32_768);
            FixedHuffmanDeflater.putMatch(bits, length, distance);
            size = copy(expected, size, length, distance);
        }
        for (int distance = 1; distance <= 32_768; distance++) {
            int length = 3 + distance % 256;
            FixedHuffmanDeflater.putMatch(bits, length, distance);
            size = copy(expected, size, length, distance);
        }
        bits.put(0, 7);
        bits.alignToByte();
        ByteBuf stream = Unpooled.buffer();
        bits.drainTo(stream);
        byte[] raw = new byte[stream.readableBytes()];
        stream.readBytes(raw);
        stream.release();

        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(raw);
            byte[] out = new byte[size + 1];
            int n = 0;
            while (!inflater.finished()) {
                int got = inflater.inflate(out, n, out.length - n);
                assertThat(got > 0 || !inflater.needsInput()).as("the stream is complete").isTrue();
                n += got;
            }
            assertThat(n).isEqualTo(size);
            assertThat(Arrays.copyOf(out, n)).isEqualTo(Arrays.copyOf(expected, size));
        } finally {
            inflater.end();
        }
    }

    /** Thousands of random inputs (seeded): random, few-letter, copied from earlier, runs; random parts and holders. */
    @Test
    void randomInputsRoundTrip() throws DataFormatException {
        Random random = new Random(20261207L);
        for (int round = 0; round < 3000; round++) {
            int size = round % 100 == 0 ? random.nextInt(200_000) : random.nextInt(4096);
            byte[] input = mixed(random, size);
            List<byte[]> parts = random.nextInt(4) == 0 ? List.of(input) : split(random, input, 1, 1 + size / 3);
            roundTrip(parts, Holder.values()[random.nextInt(Holder.values().length)]);
        }
    }

    @ParameterizedTest
    @EnumSource(Coding.class)
    void everyFramingDecodesWithTheJdk(Coding coding) throws IOException, DataFormatException {
        byte[] text = textLike(new Random(17), 90_000);
        List<byte[]> parts = split(new Random(18), text, 1, 30_000);
        EmbeddedChannel channel = new EmbeddedChannel(new BodyCompressor(coding));
        for (byte[] part : parts) {
            channel.writeOutbound(new DefaultHttpContent(Unpooled.wrappedBuffer(part)));
        }
        channel.writeOutbound(new DefaultLastHttpContent());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (HttpContent content; (content = channel.readOutbound()) != null; ) {
            byte[] bytes = new byte[content.content().readableBytes()];
            content.content().readBytes(bytes);
            body.writeBytes(bytes);
            content.release();
        }
        assertThat(channel.pipeline().get(BodyCompressor.class)).isNull();
        channel.finishAndReleaseAll();
        byte[] stream = body.toByteArray();
        byte[] decoded = switch (coding) {
            case GZIP -> {
                assertThat(Arrays.copyOf(stream, 3)).containsExactly(0x1f, 0x8b, 8);
                try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(stream))) {
                    yield in.readAllBytes();
                }
            }
            case DEFLATE -> {
                assertThat(Arrays.copyOf(stream, 2)).containsExactly(0x78, 0x01);
                try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(stream))) {
                    yield in.readAllBytes();
                }
            }
            case RAW_DEFLATE -> inflateRawWhole(stream);
        };
        assertThat(decoded).isEqualTo(text);
    }

    @Test
    void anEmptyGzipBodyHasTheRightTrailer() throws IOException {
        EmbeddedChannel channel = new EmbeddedChannel(new BodyCompressor(Coding.GZIP));
        channel.writeOutbound(new DefaultLastHttpContent());
        HttpContent content = channel.readOutbound();
        byte[] stream = new byte[content.content().readableBytes()];
        content.content().readBytes(stream);
        content.release();
        channel.finishAndReleaseAll();
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(stream))) {
            assertThat(in.readAllBytes()).isEmpty();
        }
    }

    /** Not asserted: the ratio and speed next to zlib's level 1 on the benchmark's kind of page, for the log. */
    @Test
    void ratioAndSpeedAgainstZlibLevel1() {
        byte[] page = textLike(new Random(21), 2048);
        System.arraycopy(HTML, 0, page, 0, Math.min(HTML.length, page.length));
        // Wrapped arrays: not leak-aware, so the build's paranoid leak detection does not record every access.
        ByteBuf input = Unpooled.wrappedBuffer(page);
        ByteBuf output = Unpooled.wrappedBuffer(new byte[FixedHuffmanDeflater.maxDeflatedLength(page.length)]);
        Deflater zlib = new Deflater(1, true);
        byte[] zout = new byte[4096];
        CRC32 crc = new CRC32();
        try {
            int rounds = 200_000;
            long slzBytes = 0;
            long zlibBytes = 0;
            long slzNanos = 0;
            long zlibNanos = 0;
            for (int pass = 0; pass < 2; pass++) {
                long start = System.nanoTime();
                for (int i = 0; i < rounds; i++) {
                    output.clear();
                    crc.reset();
                    deflater.deflate(input, true, crc, output);
                }
                slzNanos = System.nanoTime() - start;
                slzBytes = output.readableBytes();
                start = System.nanoTime();
                for (int i = 0; i < rounds; i++) {
                    zlib.reset();
                    crc.reset();
                    crc.update(page);
                    zlib.setInput(page);
                    zlib.finish();
                    zlibBytes = zlib.deflate(zout);
                }
                zlibNanos = System.nanoTime() - start;
            }
            System.out.printf("FixedHuffmanDeflater on a %d-byte page: %d bytes, %.0f ns/call; "
                            + "zlib level 1: %d bytes, %.0f ns/call%n", page.length, slzBytes,
                    (double) slzNanos / rounds, zlibBytes, (double) zlibNanos / rounds);
        } finally {
            zlib.end();
            input.release();
            output.release();
        }
    }

    // --- helpers ---

    /**
     * Deflates {@code parts} (the last one final) with the encoder, checking after each that the stream so far
     * decodes to exactly the input so far; returns the whole raw stream.
     */
    private byte[] roundTrip(List<byte[]> parts, Holder holder) throws DataFormatException {
        Inflater inflater = new Inflater(true);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        try {
            for (int p = 0; p < parts.size(); p++) {
                byte[] part = parts.get(p);
                boolean last = p == parts.size() - 1;
                ByteBuf input = hold(part, holder);
                int readerIndex = input.readerIndex();
                CRC32 crc = new CRC32();
                ByteBuf output = Unpooled.buffer(FixedHuffmanDeflater.maxDeflatedLength(part.length));
                toRelease.add(output);
                deflater.deflate(input, last, crc, output);

                assertThat(input.readerIndex()).as("the input is not consumed").isEqualTo(readerIndex);
                assertThat(output.readableBytes()).isLessThanOrEqualTo(
                        FixedHuffmanDeflater.maxDeflatedLength(part.length));
                CRC32 expectedCrc = new CRC32();
                expectedCrc.update(part);
                assertThat(crc.getValue()).isEqualTo(expectedCrc.getValue());
                byte[] compressed = new byte[output.readableBytes()];
                output.readBytes(compressed);
                stream.writeBytes(compressed);
                if (!last) {
                    assertThat(Arrays.copyOfRange(compressed, compressed.length - 4, compressed.length))
                            .as("a sync flush ends the part").containsExactly(0, 0, 0xff, 0xff);
                }

                inflater.setInput(compressed);
                byte[] decoded = new byte[part.length + 1];
                int n = 0;
                while (true) {
                    int got = inflater.inflate(decoded, n, decoded.length - n);
                    n += got;
                    if (got == 0 && (inflater.needsInput() || inflater.finished())) {
                        break;
                    }
                    assertThat(n).as("no more than the part decodes").isLessThanOrEqualTo(part.length);
                }
                assertThat(n).as("part %d of %d decodes on arrival", p, parts.size()).isEqualTo(part.length);
                assertThat(Arrays.copyOf(decoded, n)).isEqualTo(part);
                assertThat(inflater.finished()).as("the stream ends with the last part only").isEqualTo(last);
                if (last) {
                    assertThat(inflater.getRemaining()).as("nothing after the final block").isZero();
                }
            }
            return stream.toByteArray();
        } finally {
            inflater.end();
        }
    }

    private ByteBuf hold(byte[] part, Holder holder) {
        ByteBuf buf = switch (holder) {
            case HEAP -> Unpooled.wrappedBuffer(part);
            case HEAP_WITH_OFFSET -> {
                byte[] padded = new byte[part.length + 13];
                System.arraycopy(part, 0, padded, 7, part.length);
                yield Unpooled.wrappedBuffer(padded).setIndex(7, 7 + part.length);
            }
            case DIRECT -> {
                ByteBuf direct = Unpooled.directBuffer(part.length + 5).writeZero(5).writeBytes(part);
                yield direct.skipBytes(5);
            }
            case POOLED_DIRECT -> PooledByteBufAllocator.DEFAULT.directBuffer(part.length).writeBytes(part);
            case COMPOSITE -> {
                CompositeByteBuf composite = Unpooled.compositeBuffer();
                int a = part.length / 3;
                int b = 2 * part.length / 3;
                composite.addComponent(true, Unpooled.wrappedBuffer(Arrays.copyOfRange(part, 0, a)));
                composite.addComponent(true, Unpooled.directBuffer(b - a).writeBytes(part, a, b - a));
                composite.addComponent(true, Unpooled.wrappedBuffer(Arrays.copyOfRange(part, b, part.length)));
                yield composite;
            }
        };
        toRelease.add(buf);
        return buf;
    }

    private static byte[] deflateWhole(FixedHuffmanDeflater encoder, byte[] input) {
        ByteBuf in = Unpooled.wrappedBuffer(input);
        ByteBuf out = Unpooled.buffer(FixedHuffmanDeflater.maxDeflatedLength(input.length));
        try {
            encoder.deflate(in, true, null, out);
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            return bytes;
        } finally {
            in.release();
            out.release();
        }
    }

    private static byte[] inflateRawWhole(byte[] stream) throws DataFormatException {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(stream);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                assertThat(n > 0 || !inflater.needsInput()).as("the stream is complete").isTrue();
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } finally {
            inflater.end();
        }
    }

    /** LZ77's copy: {@code length} bytes from {@code distance} back, overlapping when it is shorter. */
    private static int copy(byte[] out, int size, int length, int distance) {
        for (int i = 0; i < length; i++) {
            out[size + i] = out[size + i - distance];
        }
        return size + length;
    }

    private static List<byte[]> split(Random random, byte[] input, int min, int max) {
        List<byte[]> parts = new ArrayList<>();
        int offset = 0;
        do {
            int size = Math.min(input.length - offset, min + random.nextInt(Math.max(1, max - min)));
            parts.add(Arrays.copyOfRange(input, offset, offset + size));
            offset += size;
        } while (offset < input.length);
        return parts;
    }

    private static byte[] random(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Words from a small vocabulary with markup between: compresses like a web page. */
    private static byte[] textLike(Random random, int size) {
        String[] words = {"swarm", "gate", "proxy", "<div class=\"row\">", "</div>", "compression", "the", "a",
                "response", "\n", "backend", "route", "<span>", "</span>", "deflate", "gzip", "event", "loop"};
        byte[] out = new byte[size];
        int i = 0;
        while (i < size) {
            byte[] word = (words[random.nextInt(words.length)] + " ").getBytes(StandardCharsets.UTF_8);
            int n = Math.min(word.length, size - i);
            System.arraycopy(word, 0, out, i, n);
            i += n;
        }
        return out;
    }

    /** Segments of noise, a small alphabet, runs and copies of earlier bytes at any distance. */
    private static byte[] mixed(Random random, int size) {
        byte[] out = new byte[size];
        int i = 0;
        while (i < size) {
            int n = Math.min(size - i, 1 + random.nextInt(random.nextBoolean() ? 16 : 600));
            switch (random.nextInt(4)) {
                case 0 -> {
                    for (int k = 0; k < n; k++) {
                        out[i + k] = (byte) random.nextInt(256);
                    }
                }
                case 1 -> {
                    for (int k = 0; k < n; k++) {
                        out[i + k] = (byte) ('a' + random.nextInt(3));
                    }
                }
                case 2 -> Arrays.fill(out, i, i + n, (byte) random.nextInt(256));
                default -> {
                    if (i == 0) {
                        n = 0;
                    }
                    int distance = 1 + random.nextInt(Math.min(i, 40_000) + 1);
                    for (int k = 0; k < n; k++) {
                        int from = i + k - Math.min(distance, i);
                        out[i + k] = out[from];
                    }
                }
            }
            i += n;
        }
        return out;
    }
}
