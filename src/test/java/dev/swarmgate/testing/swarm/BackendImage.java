package dev.swarmgate.testing.swarm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * {@code swarmgate/backend}: Debian's static busybox answering HTTP on port 8080, every response naming the task
 * that served it ({@code host=<container id> ips=<its IPv4s> method=GET path=/x}), and every request line in the
 * service log ({@code request GET /x}). Sources: {@code src/test/resources/swarm/backend/}.
 */
public final class BackendImage {

    public static final String REPOSITORY = "swarmgate/backend";
    public static final int PORT = 8080;
    static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final String RESOURCES = "/swarm/backend/";
    private static final List<String> FILES = List.of("Dockerfile", "serve", "respond");
    private static final List<String> EXECUTABLES = List.of("serve", "respond");

    private static final int PT_INTERP = 3;

    private static String reference;

    private BackendImage() {
    }

    /** The image reference for {@code docker service create}, built on first use in this JVM if needed. */
    public static synchronized String reference() {
        if (reference == null) {
            requireStaticBusybox();
            ContentHash inputs = new ContentHash().addFile(BUSYBOX);
            FILES.forEach(name -> inputs.add(name, resource(name)));
            reference = LocalImage.ensure(REPOSITORY, inputs.shortHex(), BackendImage::writeContext);
        }
        return reference;
    }

    private static void writeContext(Path dir) throws IOException {
        Files.copy(BUSYBOX, dir.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        for (String name : FILES) {
            Path file = dir.resolve(name);
            Files.write(file, resource(name));
            if (EXECUTABLES.contains(name)) {
                // Maven's resource copy drops the executable bit; nc -e needs it on respond.
                file.toFile().setExecutable(true, false);
            }
        }
    }

    private static void requireStaticBusybox() {
        String install = ": the backend image is built from Debian's busybox-static (apt-get install busybox-static;"
                + " .ci/run does)";
        if (!Files.isExecutable(BUSYBOX)) {
            throw new IllegalStateException(BUSYBOX + " is missing" + install);
        }
        if (hasProgramInterpreter(BUSYBOX)) {
            throw new IllegalStateException(BUSYBOX + " is dynamically linked (Debian's busybox package), so it "
                    + "cannot run in an image without libc" + install);
        }
    }

    /** Whether an ELF64 executable names a program interpreter (PT_INTERP), i.e. is dynamically linked. */
    static boolean hasProgramInterpreter(Path elf) {
        try {
            ByteBuffer head = ByteBuffer.wrap(Files.readAllBytes(elf)).order(ByteOrder.LITTLE_ENDIAN);
            long programHeaders = head.getLong(0x20);
            int entrySize = Short.toUnsignedInt(head.getShort(0x36));
            int entries = Short.toUnsignedInt(head.getShort(0x38));
            for (int i = 0; i < entries; i++) {
                if (head.getInt(Math.toIntExact(programHeaders + (long) i * entrySize)) == PT_INTERP) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + elf, e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = BackendImage.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + RESOURCES + name + " is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read test resource " + RESOURCES + name, e);
        }
    }
}
