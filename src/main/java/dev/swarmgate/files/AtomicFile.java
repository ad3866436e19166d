package dev.swarmgate.files;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Replacing a file so that a crash leaves either the old or the new content, never a mix: an owner-only temporary
 * file beside it, fsync, rename over it, fsync of the directory. Used for what the proxy keeps on disk (API-made
 * services, uploaded certificates), both of which may hold secrets, hence owner-only.
 */
public final class AtomicFile {

    private static final Logger LOG = LoggerFactory.getLogger(AtomicFile.class);

    private AtomicFile() {
    }

    /**
     * Replaces (or creates) {@code target} with {@code bytes}; creates its directory when missing. The temporary file
     * is named {@code <tempPrefix><random>.tmp}, so a caller can find and remove what a crash left behind.
     */
    public static void replace(Path target, byte[] bytes, String tempPrefix) throws IOException {
        replace(target, ByteBuffer.wrap(bytes), tempPrefix);
    }

    /** {@link #replace(Path, byte[], String)} with the remaining bytes of {@code content}, which it consumes. */
    public static void replace(Path target, ByteBuffer content, String tempPrefix) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, tempPrefix, ".tmp");
        try {
            ownerOnly(temp);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                while (content.hasRemaining()) {
                    channel.write(content);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        syncDirectory(dir);
    }

    private static void ownerOnly(Path path) {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            try {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            } catch (IOException | UnsupportedOperationException e) {
                LOG.debug("Could not restrict permissions of {}: {}", path, e.toString());
            }
        }
    }

    /** Makes the rename itself durable; not every platform can open a directory, which is fine there. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("Could not fsync directory {}: {}", dir, e.toString());
        }
    }
}
