package dev.swarmgate.testing.swarm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An image built from local files only: {@code docker build} of a context whose Dockerfile starts {@code FROM
 * scratch}, so nothing is pulled. It is tagged {@code <repository>:test-<hash of its inputs>}: the same inputs reuse
 * the image across runs, and two checkouts testing at once each get their own tag, so neither swaps the other's
 * image under a running service. {@code <repository>:test} also names the latest build, for people.
 */
final class LocalImage {

    private static final Logger LOG = LoggerFactory.getLogger(LocalImage.class);

    /** Generous: a cold build of the proxy (jdeps, jlink, a 100 MB layer) takes about 20 s on 2 cores. */
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);
    /** Older builds are removed once they are unused and this old, so a concurrent run's fresh build stays. */
    private static final Duration KEEP_OLD_BUILDS = Duration.ofHours(1);
    private static final String LATEST = "test";
    private static final String BUILD_PREFIX = "test-";

    /** Writes a build context, Dockerfile included, into a fresh directory. */
    interface ContextWriter {
        void write(Path dir) throws IOException;
    }

    private LocalImage() {
    }

    /**
     * The reference of the image built from these inputs, building it first (context written by {@code writer})
     * if no image has this hash yet.
     */
    static String ensure(String repository, String inputsHash, ContextWriter writer) {
        String reference = repository + ":" + BUILD_PREFIX + inputsHash;
        long start = System.nanoTime();
        if (DockerCli.attempt("image", "inspect", "--format", "{{.Id}}", reference).succeeded()) {
            LOG.info("{} is up to date (checked in {} ms)", reference, elapsedMillis(start));
            return reference;
        }
        Path context = workDir().resolve(repository.replace('/', '-'));
        try {
            deleteRecursively(context);
            Files.createDirectories(context);
            writer.write(context);
            long written = System.nanoTime();
            DockerCli.run(BUILD_TIMEOUT, List.of("build", "--quiet", "--tag", reference,
                    "--tag", repository + ":" + LATEST, context.toString()));
            LOG.info("built {} in {} ms (context {} ms, docker build {} ms)", reference, elapsedMillis(start),
                    (written - start) / 1_000_000, elapsedMillis(written));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the build context of " + reference + " in " + context, e);
        } finally {
            deleteRecursively(context);
        }
        removeOldBuilds(repository, reference);
        return reference;
    }

    /** Where build contexts are written: the project's target directory (Maven runs tests from the project). */
    static Path workDir() {
        return Path.of(System.getProperty("user.dir"), "target", "swarm-images");
    }

    /**
     * Removes this repository's builds older than {@link #KEEP_OLD_BUILDS}, except the current one; an image a
     * container still uses is refused by docker (no --force), which is what keeps a running test's image.
     */
    private static void removeOldBuilds(String repository, String current) {
        Instant cutoff = Instant.now().minus(KEEP_OLD_BUILDS);
        for (String line : DockerCli.lines(DockerCli.run("image", "ls", repository, "--format",
                "{{.Tag}}\t{{.CreatedAt}}"))) {
            String[] fields = line.split("\t", 2);
            String reference = repository + ":" + fields[0];
            if (fields.length == 2 && fields[0].startsWith(BUILD_PREFIX) && !reference.equals(current)
                    && createdBefore(fields[1], cutoff)) {
                DockerCli.attempt("rmi", reference);
            }
        }
    }

    /** docker prints CreatedAt as {@code 2026-11-21 20:51:21 +0000 UTC}. */
    private static boolean createdBefore(String createdAt, Instant cutoff) {
        try {
            String withoutZoneName = createdAt.substring(0, Math.min(createdAt.length(), 25));
            return ZonedDateTime.parse(withoutZoneName, DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z"))
                    .toInstant().isBefore(cutoff);
        } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
            return false;
        }
    }

    private static long elapsedMillis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: the next build starts by deleting it again
        }
    }
}
