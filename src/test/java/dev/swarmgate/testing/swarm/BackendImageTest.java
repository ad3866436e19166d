package dev.swarmgate.testing.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Telling Debian's static busybox (usable FROM scratch) from the dynamic one (needs libc in the image). */
class BackendImageTest {

    private static final int PT_LOAD = 1;
    private static final int PT_INTERP = 3;

    @TempDir
    Path dir;

    @Test
    void anExecutableNamingAnInterpreterIsDynamic() throws IOException {
        assertThat(BackendImage.hasProgramInterpreter(elf(PT_LOAD, PT_INTERP, PT_LOAD))).isTrue();
    }

    @Test
    void anExecutableWithOnlyLoadSegmentsIsStatic() throws IOException {
        assertThat(BackendImage.hasProgramInterpreter(elf(PT_LOAD, PT_LOAD))).isFalse();
    }

    @Test
    void theJdksJavaLauncherIsDynamic() {
        // A real binary, so the header offsets are checked against the linker's output, not only our own.
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");

        assertThat(BackendImage.hasProgramInterpreter(java)).isTrue();
    }

    /** An ELF64 header and program header table with segments of the given types. */
    private Path elf(int... segmentTypes) throws IOException {
        int headerSize = 64;
        int entrySize = 56;
        ByteBuffer elf = ByteBuffer.allocate(headerSize + entrySize * segmentTypes.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        elf.put(new byte[]{0x7f, 'E', 'L', 'F', 2, 1, 1});
        elf.putLong(0x20, headerSize);
        elf.putShort(0x36, (short) entrySize);
        elf.putShort(0x38, (short) segmentTypes.length);
        for (int i = 0; i < segmentTypes.length; i++) {
            elf.putInt(headerSize + i * entrySize, segmentTypes[i]);
        }
        Path file = dir.resolve("elf");
        Files.write(file, elf.array());
        return file;
    }
}
