package dev.swarmgate.store;

import dev.swarmgate.files.AtomicFile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code <stateDir>/services.json}: the API-made services as a JSON array of {@code {serviceName, parameters}}.
 * Writes are atomic (temp file, fsync, rename, fsync of the directory) so a crash leaves the old or the new file,
 * never half of one. The file holds parameter values that may be secrets, so it is created owner-only and its
 * contents are never logged.
 */
public final class StateFile {

    public static final String FILE_NAME = "services.json";

    private static final Logger LOG = LoggerFactory.getLogger(StateFile.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path dir;
    private final Path file;
    private final Clock clock;
    /** The JSON line of each service the last save wrote, by identity: an accepted service never changes. */
    private Map<StoredService, byte[]> savedLines = new IdentityHashMap<>();
    /** Where {@link #save} gathers the file's bytes; null until the first save. */
    private ByteBuffer buffer;

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
     * The stored parameter maps in file order; empty when there is no file. A file that cannot be parsed, or is not
     * a JSON array, is moved aside to {@code services.json.corrupt-<timestamp>} (logged at ERROR with both names) and
     * treated as empty, so the proxy starts and the next API change writes a fresh file without destroying the
     * evidence. An entry of the array that is not {@code {serviceName, parameters: {name: [values]}}} is set aside on
     * its own: all such entries go to one owner-only {@code services.json.rejected-<timestamp>}, each is logged at
     * ERROR by index and serviceName (never its values), and the file is rewritten with the others, which load.
     * Temporary files a crash left behind ({@code services.json.<n>.tmp}) are removed first: only a start reads the
     * file, so no save of this process is under way.
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
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
            if (root == null || !root.isArray()) {
                throw new IllegalArgumentException("the file holds no JSON array");
            }
        } catch (IOException | RuntimeException e) {
            moveAsideCorrupt(e);
            return List.of();
        }
        List<Map<String, List<String>>> result = new ArrayList<>();
        ArrayNode kept = JSON.createArrayNode();
        List<String> problems = new ArrayList<>();
        ArrayNode rejected = JSON.createArrayNode();
        for (int i = 0; i < root.size(); i++) {
            JsonNode element = root.get(i);
            try {
                result.add(parametersOf(element));
                kept.add(element);
            } catch (IllegalArgumentException bad) {
                rejected.add(element);
                JsonNode name = element.path("serviceName");
                problems.add("entry at index " + i + (name.isTextual() ? " (serviceName " + name.asText() + ")" : "")
                        + " " + bad.getMessage());
            }
        }
        if (!rejected.isEmpty()) {
            setAside(rejected, kept, problems);
        }
        return List.copyOf(result);
    }

    /**
     * One entry's parameters, or an exception whose message says what is wrong in the words of the file's shape:
     * never a value, which could be a password.
     */
    private static Map<String, List<String>> parametersOf(JsonNode element) {
        if (!element.isObject()) {
            throw new IllegalArgumentException("is not a JSON object");
        }
        if (!element.path("serviceName").isTextual() || element.path("serviceName").asText().isEmpty()) {
            throw new IllegalArgumentException("has no serviceName string");
        }
        JsonNode parameters = element.path("parameters");
        if (!parameters.isObject()) {
            throw new IllegalArgumentException("has no parameters object");
        }
        Map<String, List<String>> copy = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> parameter : parameters.properties()) {
            JsonNode values = parameter.getValue();
            List<String> list = new ArrayList<>(values.size());
            for (JsonNode value : values) {
                if (!value.isTextual()) {
                    break;
                }
                list.add(value.asText());
            }
            if (!values.isArray() || list.size() != values.size()) {
                throw new IllegalArgumentException("parameter " + parameter.getKey() + " is not a list of strings");
            }
            copy.put(parameter.getKey(), List.copyOf(list));
        }
        return copy;
    }

    /**
     * Writes the rejected entries to their own owner-only file, then the file without them, so the next start does
     * not set them aside again. If the rejected entries cannot be kept, the file is left as it is.
     */
    private void setAside(ArrayNode rejected, ArrayNode kept, List<String> problems) {
        Path aside = dir.resolve(file.getFileName() + ".rejected-" + STAMP.format(clock.instant()));
        try {
            AtomicFile.replace(aside, JSON.writeValueAsBytes(rejected), file.getFileName() + ".");
        } catch (IOException e) {
            problems.forEach(problem -> LOG.error("Persisted services file {}: {}; skipped (it could not be set aside"
                    + " to {}: {}, so the file is left unchanged)", file, problem, aside, e.toString()));
            return;
        }
        problems.forEach(problem -> LOG.error("Persisted services file {}: {}; skipped and set aside in {}", file,
                problem, aside));
        try {
            AtomicFile.replace(file, JSON.writeValueAsBytes(kept), file.getFileName() + ".");
        } catch (IOException e) {
            LOG.error("Cannot rewrite {} without the entries set aside in {}: {}; they will be set aside again at the"
                    + " next start", file, aside, e.toString());
        }
    }

    private void moveAsideCorrupt(Exception e) {
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
        if (e instanceof IllegalArgumentException shape) {
            return shape.getMessage(); // ours, about the shape only
        }
        if (e instanceof JsonProcessingException json && json.getLocation() != null) {
            return e.getClass().getSimpleName() + " at line " + json.getLocation().getLineNr() + ", column "
                    + json.getLocation().getColumnNr();
        }
        return e.getClass().getSimpleName();
    }

    /**
     * Replaces the file with these services atomically, one service a line. Only services not saved by the previous
     * call are turned into JSON: with thousands of services, one API change would otherwise serialize them all. The
     * lines are gathered in a direct buffer kept from one save to the next: with 10,000 services the file is 1.4 MB,
     * which would otherwise be allocated (and zeroed) on the heap, then copied into a direct buffer by the channel,
     * on every change.
     */
    public void save(List<StoredService> services) throws IOException {
        Map<StoredService, byte[]> lines = new IdentityHashMap<>(services.size());
        byte[][] inOrder = new byte[services.size()][];
        int size = 3 + Math.max(0, services.size() - 1); // [, the last newline, ], a comma between lines
        for (int i = 0; i < services.size(); i++) {
            StoredService service = services.get(i);
            byte[] line = savedLines.get(service);
            if (line == null) {
                line = JSON.writeValueAsBytes(new Entry(service.name(), service.parameters()));
            }
            lines.put(service, line);
            inOrder[i] = line;
            size += 1 + line.length; // with the newline before it
        }
        ByteBuffer bytes = buffer(size);
        bytes.put((byte) '[');
        for (int i = 0; i < inOrder.length; i++) {
            bytes.put((byte) '\n').put(inOrder[i]);
            if (i < inOrder.length - 1) {
                bytes.put((byte) ',');
            }
        }
        bytes.put((byte) '\n').put((byte) ']').flip();
        AtomicFile.replace(file, bytes, file.getFileName() + ".");
        savedLines = lines;
    }

    /** The kept buffer, cleared, with room for {@code size} bytes (grown to the next power of two when short). */
    private ByteBuffer buffer(int size) {
        if (buffer == null || buffer.capacity() < size) {
            buffer = ByteBuffer.allocateDirect(Math.max(4096, Integer.highestOneBit(size - 1) << 1));
        }
        return buffer.clear();
    }

    /** One element of the JSON array, as {@link #save} writes it. */
    record Entry(String serviceName, Map<String, List<String>> parameters) {
    }
}
