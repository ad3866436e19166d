package dev.swarmgate.testing.swarm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code swarmgate/proxy}: the jar under test on a jlink'ed runtime of the JDK running the tests, built exactly as
 * the real image is ({@code docker/build-context.sh}, then {@code docker/Dockerfile}), with its AOT cache. Entrypoint
 * {@code java -XX:AOTCache=/swarmgate.aot -jar /swarmgate.jar}, default command {@code proxy}, so a service may pass
 * another subcommand as its args.
 */
public final class ProxyImage {

    public static final String REPOSITORY = "swarmgate/proxy";
    /** The image's admin port (DFP's default {@code PORT}). */
    public static final int ADMIN_PORT = 8080;
    /** jlink, then the AOT cache's training run (1-2 minutes together on a busy 2-core machine). */
    private static final Duration CONTEXT_TIMEOUT = Duration.ofMinutes(5);

    private static String reference;

    private ProxyImage() {
    }

    /** The image reference for {@code docker service create}, built on first use in this JVM if needed. */
    public static synchronized String reference() {
        if (reference == null) {
            Path jar = jar();
            Path script = projectFile("docker/build-context.sh");
            Path dockerfile = projectFile("docker/Dockerfile");
            Path jvmOptions = projectFile("jvm.options");
            Path aotTraining = projectFile("aot-cache.sh");
            Path jdk = Path.of(System.getProperty("java.home"));
            String inputs = new ContentHash().addJarEntries(jar).addFile(script).addFile(dockerfile)
                    .addFile(jvmOptions).addFile(aotTraining)
                    .addFile(jdk.resolve("release")).shortHex();
            reference = LocalImage.ensure(REPOSITORY, inputs, dir -> writeContext(dir, jar, script, dockerfile, jdk));
        }
        return reference;
    }

    private static void writeContext(Path dir, Path jar, Path script, Path dockerfile, Path jdk) throws IOException {
        BoundedCommand.Result result = BoundedCommand.run(CONTEXT_TIMEOUT,
                List.of("bash", script.toString(), jar.toString(), dir.toString()),
                Map.of("JAVA_HOME", jdk.toString()));
        if (!result.succeeded()) {
            throw new IllegalStateException("could not write the proxy image's build context: " + result.describe());
        }
        Files.copy(dockerfile, dir.resolve("Dockerfile"));
    }

    /** The jar failsafe names in {@code swarmgate.jar}, else {@code target/swarmgate.jar}. */
    static Path jar() {
        String property = System.getProperty("swarmgate.jar");
        Path jar = property != null ? Path.of(property) : projectFile("target/swarmgate.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: the proxy image is built from the packaged jar;"
                    + " run the swarm tests through ./mvnw verify -Pswarm (package runs first)");
        }
        return jar;
    }

    private static Path projectFile(String relative) {
        return Path.of(System.getProperty("user.dir")).resolve(relative);
    }
}
