package dev.swarmgate.proxy.tls;

import dev.swarmgate.files.AtomicFile;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * A directory of certificate files, one combined PEM per regular file named after the certificate: the certificates
 * directory, the secrets directory, and the copy of uploads under {@code STATE_DIR}. Writes are atomic (hidden
 * temporary file, fsync, rename) and owner-only, since the files hold private keys; hidden files are never read as
 * certificates, so a temporary file a crash left behind is not mistaken for one.
 */
final class PemDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(PemDirectory.class);

    /** One file as read: its name and its text. */
    record PemFile(String name, String text) {

        @Override
        public String toString() {
            return "PemFile[" + name + "]";
        }
    }

    private final Path dir;

    PemDirectory(Path dir) {
        this.dir = dir;
    }

    Path path() {
        return dir;
    }

    /** Every visible regular file whose name {@code accepts}, sorted by name; an absent directory holds none. */
    List<PemFile> read(Predicate<String> accepts) {
        List<Path> paths = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                // Docker mounts secrets as files; a symbolic link to a file (Kubernetes-style mounts) counts too.
                if (!name.startsWith(".") && accepts.test(name) && Files.isRegularFile(entry)) {
                    paths.add(entry);
                }
            }
        } catch (NoSuchFileException | NotDirectoryException absent) {
            return List.of();
        } catch (IOException e) {
            LOG.error("Cannot list certificates in {}: {}", dir, e.toString());
            return List.of();
        }
        paths.sort(null);
        List<PemFile> files = new ArrayList<>();
        for (Path path : paths) {
            try {
                files.add(new PemFile(path.getFileName().toString(), Files.readString(path, StandardCharsets.UTF_8)));
            } catch (IOException | RuntimeException e) {
                LOG.error("Certificate file {} is skipped: it cannot be read as text ({})", path, e.toString());
            }
        }
        return files;
    }

    /** Whether a regular file of that name exists (without following a link out of the directory). */
    boolean holds(String name) {
        return Files.isRegularFile(dir.resolve(name), LinkOption.NOFOLLOW_LINKS);
    }

    /** Replaces (or creates) the file atomically, owner-only; creates the directory when missing. */
    void write(String name, String text) throws IOException {
        AtomicFile.replace(dir.resolve(name), text.getBytes(StandardCharsets.UTF_8),
                "." + (name.length() > 200 ? name.substring(0, 200) : name) + ".");
    }

    /** Removes the hidden temporary files of writes a crash interrupted; they hold private keys. */
    void removeLeftovers() {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, path -> {
            String name = path.getFileName().toString();
            return name.startsWith(".") && name.toLowerCase(Locale.ROOT).endsWith(".tmp");
        })) {
            for (Path leftover : entries) {
                try {
                    Files.deleteIfExists(leftover);
                } catch (IOException e) {
                    LOG.warn("Cannot remove {} left by an interrupted write: {}; remove it by hand, it may hold a"
                            + " private key", leftover, e.toString());
                }
            }
        } catch (NoSuchFileException | NotDirectoryException absent) {
            // nothing left over
        } catch (IOException e) {
            LOG.debug("Cannot list {} for leftovers: {}", dir, e.toString());
        }
    }
}
