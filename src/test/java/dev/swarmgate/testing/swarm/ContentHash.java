package dev.swarmgate.testing.swarm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * SHA-256 over the inputs of an image, so that an image is rebuilt exactly when one of them changed. Each input is
 * named, so moving bytes from one input to another changes the hash too.
 */
final class ContentHash {

    private final MessageDigest digest;

    ContentHash() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    ContentHash add(String name, byte[] content) {
        digest.update(name.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(Long.toString(content.length).getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(content);
        return this;
    }

    ContentHash add(String name, String content) {
        return add(name, content.getBytes(StandardCharsets.UTF_8));
    }

    ContentHash addFile(Path file) {
        try {
            return add(file.toString() + (Files.isExecutable(file) ? " +x" : ""), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read image input " + file, e);
        }
    }

    /**
     * The jar's entries by name and content, without their timestamps: the shaded jar is rebuilt with new
     * timestamps on every {@code package}, and that alone must not rebuild the image.
     */
    ContentHash addJarEntries(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : zip.stream().sorted(Comparator.comparing(ZipEntry::getName)).toList()) {
                try (InputStream in = zip.getInputStream(entry)) {
                    add(jar.getFileName() + "!" + entry.getName(), in.readAllBytes());
                }
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read image input " + jar, e);
        }
    }

    /** The first 16 hex digits: plenty to tell builds apart, short enough for an image tag. */
    String shortHex() {
        return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    }
}
