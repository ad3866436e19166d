package dev.swarmgate.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code <stateDir>/services.json}: the API-made services as a JSON array of {@code {serviceName, parameters}}.
 * Writes are atomic (temp file, fsync, rename, fsync of the directory) so a crash leaves the old or the new file,
 * never half of one. The file holds parameter values that may be secrets, so it is created owner-only and its
 * contents are never logged.
 */
public final class StateFile {

    public static final String FILE_NAME = "services.json";

    private static final Logger LOG = LoggerFactory.getLogger(StateFile.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final TypeReference<List<Entry>> ENTRIES = new TypeReference<>() {
    };
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path dir;
    private final Path file;
    private final Clock clock;

    public StateFile(Path dir) {
        this(dir, FILE_NAME);
    }

    /** A state file of another name in the same directory (the last known services of a source). */
    public StateFile(Path dir, String fileName) {
        this(dir, fileName, Clock.systemUTC());
    }

    StateFile(Path dir, Clock clock) {
        this(dir, FILE_NAME, clock);
    }

    private StateFile(Path dir, String fileName, Clock clock) {
        this.dir = dir;
        this.file = dir.resolve(fileName);
        this.clock = clock;
    }

    public Path path() {
        return file;
    }

    /**
     * The stored parameter maps in file order; empty when there is no file. A file that cannot be parsed is moved
     * aside to {@code services.json.corrupt-<timestamp>} (logged at ERROR with both names) and treated as empty, so
     * the proxy starts and the next API change writes a fresh file without destroying the evidence. Temporary files
     * a crash left behind ({@code services.json.<n>.tmp}) are removed first: only a start reads the file, so no save
     * of this process is under way.
     */
    public List<Map<String, List<String>>> load() {
        removeLeftoverTemporaryFiles();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException absent) {
            return List.of();
        } catch (IOException e) {
            LOG.error("Cannot read persisted services from {}: {}; starting without them", file, e.toString());
            return List.of();
        }
        try {
            List<Entry> entries = JSON.readValue(bytes, ENTRIES);
            List<Map<String, List<String>>> result = new ArrayList<>();
            for (Entry entry : Objects.requireNonNull(entries, "the file holds null instead of an array")) {
                result.add(entry.toParameters());
            }
            return List.copyOf(result);
        } catch (IOException | RuntimeException e) {
            Path aside = dir.resolve(file.getFileName() + ".corrupt-" + STAMP.format(clock.instant()));
            String why = describe(e);
            try {
                Files.move(file, aside);
                LOG.error("Persisted services file {} is corrupt ({}); starting without its services. The bad file "
                        + "was kept as {} for inspection.", file, why, aside);
            } catch (IOException moveFailure) {
                LOG.error("Persisted services file {} is corrupt ({}); starting without its services. It could not "
                        + "be moved aside to {}: {}", file, why, aside, moveFailure.toString());
            }
            return List.of();
        }
    }

    /**
     * Deletes the {@code <file>.<n>.tmp} files {@link #save} makes, which outlive a crash between their creation and
     * the rename; they hold the same parameters (passwords too) and would otherwise stay forever.
     */
    private void removeLeftoverTemporaryFiles() {
        String prefix = file.getFileName() + ".";
        int removed = 0;
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir, path -> {
            String name = path.getFileName().toString();
            return name.startsWith(prefix) && name.endsWith(".tmp")
                    && name.length() > prefix.length() + ".tmp".length();
        })) {
            for (Path leftover : leftovers) {
                try {
                    if (Files.deleteIfExists(leftover)) {
                        removed++;
                    }
                } catch (IOException e) {
                    LOG.warn("Cannot remove temporary file {} left by an earlier run: {}; remove it by hand, it may "
                            + "hold passwords", leftover, e.toString());
                }
            }
        } catch (NoSuchFileException | NotDirectoryException absent) {
            return;
        } catch (IOException e) {
            LOG.warn("Cannot list {} for temporary files left by an earlier run: {}", dir, e.toString());
        }
        if (removed > 0) {
            LOG.info("Removed {} temporary file(s) of {} left by an earlier run that stopped while saving", removed,
                    file);
        }
    }

    /**
     * Why parsing failed, without quoting the file: Jackson's messages may include the offending token, which could
     * be part of a password.
     */
    private static String describe(Exception e) {
        if (e instanceof JsonProcessingException json && json.getLocation() != null) {
            return e.getClass().getSimpleName() + " at line " + json.getLocation().getLineNr() + ", column "
                    + json.getLocation().getColumnNr();
        }
        return e.getClass().getSimpleName();
    }

    /** Replaces the file with these services atomically. */
    public void save(List<StoredService> services) throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (StoredService service : services) {
            entries.add(new Entry(service.name(), new LinkedHashMap<>(service.parameters())));
        }
        byte[] bytes = JSON.writeValueAsBytes(entries);
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, file.getFileName() + ".", ".tmp");
        try {
            ownerOnly(temp);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        syncDirectory();
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
    private void syncDirectory() {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("Could not fsync directory {}: {}", dir, e.toString());
        }
    }

    /** One element of the JSON array. */
    record Entry(String serviceName, Map<String, List<String>> parameters) {

        Map<String, List<String>> toParameters() {
            if (parameters == null) {
                throw new IllegalArgumentException("entry for serviceName " + serviceName + " has no parameters");
            }
            Map<String, List<String>> copy = new LinkedHashMap<>();
            parameters.forEach((name, values) -> copy.put(name, List.copyOf(values)));
            return copy;
        }
    }
}
