package dev.swarmgate.it.process;

import dev.swarmgate.testing.Curl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The JDK's AOT cache that {@code package} writes next to the jar (aot-cache.sh) and {@code ./swarmgate} passes: the
 * proxy started as the launcher starts it uses it, and one that does not fit (another jar, not a cache, no file)
 * costs the start its speed, never the start itself. How much faster it starts is a benchmark (bench/startup.sh).
 */
class AotCacheIT {

    @RegisterExtension
    final ProcessLogs logs = new ProcessLogs();

    @TempDir
    Path dir;

    @Test
    void theProxyStartsWithTheCacheTheBuildWrote() throws IOException {
        Path cache = buildsCache();
        Path aotLog = dir.resolve("aot.log");

        try (SwarmgateProcess proxy = logs.watch("swarmgate", SwarmgateProcess.builder(dir)
                .jvmOption("-XX:AOTCache=" + cache).jvmOption("-Xlog:aot:file=" + aotLog).start())) {
            assertRoutes(proxy);
            assertThat(Files.readString(aotLog)).contains("Using AOT-linked classes: true");
            assertThat(proxy.log()).doesNotContain("[aot]");
            assertThat(proxy.stop()).isEqualTo(SwarmgateProcess.SIGTERM_EXIT);
        }
    }

    @Test
    void aCacheWrittenForAnotherJarDoesNotStopTheStart() throws IOException {
        Path cache = buildsCache();
        // The same bytes, written now, elsewhere: to the JVM another jar than the one the cache was trained with.
        // JDK 25 sometimes refuses such a cache ("[aot] ... Unable to map shared spaces") and sometimes maps it
        // (its class path check matches a jar of the same name under another directory), so only the start is
        // asserted; ./swarmgate passes a cache only when it is newer than the jar (LauncherAotCacheTest).
        Path rebuilt = Files.copy(SwarmgateProcess.jar(), Files.createDirectories(dir.resolve("target"))
                .resolve("swarmgate.jar"));

        try (SwarmgateProcess proxy = logs.watch("swarmgate", SwarmgateProcess.builder(dir).jar(rebuilt)
                .jvmOption("-XX:AOTCache=" + cache).start())) {
            assertRoutes(proxy);
            assertThat(proxy.stop()).isEqualTo(SwarmgateProcess.SIGTERM_EXIT);
        }
    }

    @Test
    void aFileThatIsNoCacheIsLeftAside() throws IOException {
        byte[] noise = new byte[64 * 1024];
        ThreadLocalRandom.current().nextBytes(noise);
        Path cache = Files.write(dir.resolve("swarmgate.aot"), noise);

        try (SwarmgateProcess proxy = logs.watch("swarmgate", SwarmgateProcess.builder(dir)
                .jvmOption("-XX:AOTCache=" + cache).start())) {
            assertRoutes(proxy);
            assertThat(proxy.log()).contains("Unable to map shared spaces");
            assertThat(proxy.stop()).isEqualTo(SwarmgateProcess.SIGTERM_EXIT);
        }
    }

    @Test
    void aMissingCacheIsLeftAside() {
        try (SwarmgateProcess proxy = logs.watch("swarmgate", SwarmgateProcess.builder(dir)
                .jvmOption("-XX:AOTCache=" + dir.resolve("no-such.aot")).start())) {
            assertRoutes(proxy);
            assertThat(proxy.stop()).isEqualTo(SwarmgateProcess.SIGTERM_EXIT);
        }
    }

    /** target/swarmgate.aot, written by package after the jar; skipped when it was not (-Dswarmgate.aot.skip). */
    private static Path buildsCache() throws IOException {
        Path jar = SwarmgateProcess.jar();
        Path cache = jar.resolveSibling("swarmgate.aot");
        assumeTrue(Files.isRegularFile(cache), "package wrote no " + cache + " (-Dswarmgate.aot.skip=true?)");
        assumeTrue(Files.getLastModifiedTime(cache).compareTo(Files.getLastModifiedTime(jar)) > 0,
                cache + " is older than the jar: package skipped the training run");
        return cache;
    }

    /** A request routed through the proxy to a backend: the proxy's own admin API, as the training run does. */
    private static void assertRoutes(SwarmgateProcess proxy) {
        proxy.reconfigure("serviceName=admin&servicePath=/v1/docker-flow-proxy&port=" + proxy.adminPort()
                + "&outboundHostname=127.0.0.1");
        Curl.Response ping = Curl.include(proxy.proxyUrl("/v1/docker-flow-proxy/ping"));
        assertThat(ping.status()).isEqualTo(200);
        assertThat(ping.body()).contains("\"Status\":\"OK\"");
    }
}
