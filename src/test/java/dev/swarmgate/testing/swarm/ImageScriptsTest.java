package dev.swarmgate.testing.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's scripts fail with a message that says what to do, not silently: the cases that need neither Docker
 * nor a build. (The builds themselves run in the swarm tier: ProxyImage, ReadmeSwarmIT.)
 */
class ImageScriptsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void buildContextWithoutTheJarSaysHowToBuildIt() {
        BoundedCommand.Result result = BoundedCommand.run(TIMEOUT, List.of("bash", project("docker/build-context.sh"),
                dir.resolve("fresh-clone/target/swarmgate.jar").toString(), dir.resolve("image").toString()),
                Map.of());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("no jar at " + dir.resolve("fresh-clone/target/swarmgate.jar")
                + ": build it with ./mvnw -B package -DskipTests (or run docker/build.sh)");
    }

    @Test
    void buildWithoutDockerSaysToInstallIt() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String tool : List.of("bash", "dirname", "readlink")) {
            Files.createSymbolicLink(bin.resolve(tool), Path.of("/usr/bin", tool).toRealPath());
        }
        BoundedCommand.Result result = BoundedCommand.run(TIMEOUT,
                List.of(bin.resolve("bash").toString(), project("docker/build.sh")), Map.of("PATH", bin.toString()));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("docker/build.sh: no docker command: install Docker (Debian/Ubuntu:"
                + " apt-get install docker.io), then run this again.");
    }

    private static String project(String relative) {
        return Path.of(System.getProperty("user.dir")).resolve(relative).toString();
    }
}
