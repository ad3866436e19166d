package dev.swarmgate.testing.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ./swarmgate passes target/swarmgate.aot, the AOT cache {@code package} writes after the jar, when it is there and
 * newer than the jar, and not when SWARMGATE_AOT_CACHE=off: the launcher copied into a checkout of its own, with a
 * jar newer than its sources (so nothing is built), run with SWARMGATE_DRY_RUN=1. (That a cache which does not fit
 * leaves the JVM starting is AotCacheIT's.) Also the options it adds for a setting: a larger young generation with
 * IO_TRANSPORT=io_uring (its young generation).
 */
class LauncherAotCacheTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Instant BUILT = Instant.parse("2026-01-02T03:04:05Z");

    @TempDir
    Path checkout;

    private Path cache;

    @BeforeEach
    void checkoutWithABuiltJar() throws IOException {
        Path project = Path.of(System.getProperty("user.dir"));
        Files.copy(project.resolve("swarmgate"), checkout.resolve("swarmgate"));
        Files.copy(project.resolve("jvm.options"), checkout.resolve("jvm.options"));
        Path sources = Files.createDirectories(checkout.resolve("src/main"));
        Path pom = Files.writeString(checkout.resolve("pom.xml"), "<project/>");
        Path jar = Files.writeString(Files.createDirectories(checkout.resolve("target")).resolve("swarmgate.jar"), "");
        for (Path source : List.of(sources, pom)) {
            Files.setLastModifiedTime(source, FileTime.from(BUILT.minusSeconds(60)));
        }
        Files.setLastModifiedTime(jar, FileTime.from(BUILT));
        cache = checkout.resolve("target/swarmgate.aot");
    }

    @Test
    void passesTheCacheWrittenAfterTheJar() throws IOException {
        writeCache(BUILT.plusSeconds(30));

        assertThat(javaCommand(Map.of())).contains(" -XX:AOTCache=" + cache + " ");
    }

    @Test
    void leavesOutACacheOlderThanTheJar() throws IOException {
        writeCache(BUILT.minusSeconds(30));

        assertThat(javaCommand(Map.of())).doesNotContain("AOTCache");
    }

    @Test
    void startsWithoutACacheWhenThereIsNone() {
        assertThat(javaCommand(Map.of())).doesNotContain("AOTCache")
                .contains(" -jar " + checkout.resolve("target/swarmgate.jar") + " proxy");
    }

    @Test
    void leavesOutTheCacheWhenTurnedOff() throws IOException {
        writeCache(BUILT.plusSeconds(30));

        assertThat(javaCommand(Map.of("SWARMGATE_AOT_CACHE", "off"))).doesNotContain("AOTCache");
    }

    @Test
    void givesIoUringALargerYoungGenerationAndEpollTheDefaults() {
        assertThat(javaCommand(Map.of("IO_TRANSPORT", "io_uring"))).contains(" -Xms40m -Xmn24m ");
        assertThat(javaCommand(Map.of("IO_TRANSPORT", "epoll"))).doesNotContain("-Xmn");
        assertThat(javaCommand(Map.of())).doesNotContain("-Xmn");
    }

    private void writeCache(Instant modified) throws IOException {
        Files.writeString(cache, "a cache");
        Files.setLastModifiedTime(cache, FileTime.from(modified));
    }

    /** The java command ./swarmgate proxy would run. */
    private String javaCommand(Map<String, String> environment) {
        Map<String, String> env = new HashMap<>(environment);
        env.putIfAbsent("SWARMGATE_AOT_CACHE", ""); // whatever the test's own environment says
        env.putIfAbsent("IO_TRANSPORT", "");
        env.put("SWARMGATE_JAVA_OPTS", "");
        env.put("SWARMGATE_DRY_RUN", "1");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        BoundedCommand.Result result = BoundedCommand.run(TIMEOUT,
                List.of("bash", checkout.resolve("swarmgate").toString(), "proxy"), env);
        assertThat(result.succeeded()).as(result.describe()).isTrue();
        return result.stdout();
    }
}
