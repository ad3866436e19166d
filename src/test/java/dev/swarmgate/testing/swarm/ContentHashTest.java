package dev.swarmgate.testing.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image input hash: what changes it and what must not. */
class ContentHashTest {

    @TempDir
    Path dir;

    @Test
    void aJarRebuiltWithNewTimestampsKeepsItsHash() throws IOException {
        Path first = jar("a.jar", Map.of("A.class", "a", "B.class", "b"), 1_000);
        Path second = jar("b.jar", Map.of("B.class", "b", "A.class", "a"), 9_000_000);

        assertThat(hashOf(first)).isEqualTo(hashOf(second));
    }

    @Test
    void aJarWithOneChangedEntryGetsANewHash() throws IOException {
        Path first = jar("a.jar", Map.of("A.class", "a", "B.class", "b"), 1_000);
        Path second = jar("b.jar", Map.of("A.class", "a", "B.class", "c"), 1_000);

        assertThat(hashOf(first)).isNotEqualTo(hashOf(second));
    }

    @Test
    void movingBytesFromOneInputToTheNextChangesTheHash() {
        String joined = new ContentHash().add("x", "ab").add("y", "c").shortHex();
        String moved = new ContentHash().add("x", "a").add("y", "bc").shortHex();

        assertThat(joined).isNotEqualTo(moved).hasSize(16).matches("[0-9a-f]+");
    }

    private String hashOf(Path jar) {
        // The same file name, as the real jar always has.
        Path same = dir.resolve("swarmgate.jar");
        try {
            Files.copy(jar, same, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ContentHash().addJarEntries(same).shortHex();
    }

    private Path jar(String name, Map<String, String> entries, long modifiedMillis) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                ZipEntry zipEntry = new ZipEntry(entry.getKey());
                zipEntry.setLastModifiedTime(FileTime.fromMillis(modifiedMillis));
                zip.putNextEntry(zipEntry);
                zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return jar;
    }
}
