package dev.swarmgate.testing.swarm;

import static org.awaitility.Awaitility.await;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of the local swarm one test class works in. Before the class it checks that the engine is a swarm
 * manager and creates an attachable overlay network; services are created on it with {@link #create}. Everything
 * is named with a prefix unique to this instance ({@code sgt-<random>-}), so a test never touches anything it did
 * not create, and everything it created is removed after the class, when a test failed too (and, failing that,
 * when the JVM exits).
 *
 * <pre>{@code @RegisterExtension static final Swarm swarm = new Swarm();}</pre>
 */
public final class Swarm implements BeforeAllCallback, AfterAllCallback {

    private static final Logger LOG = LoggerFactory.getLogger(Swarm.class);
    private static final Duration REMOVAL_WAIT = Duration.ofSeconds(60);
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    static final String KEEP_VARIABLE = "SWARMGATE_KEEP_SWARM";

    private final String prefix = "sgt-" + randomSuffix() + "-";
    private final String network = prefix + "net";
    private final List<String> networks = new CopyOnWriteArrayList<>();
    private final List<String> volumes = new CopyOnWriteArrayList<>();
    private final List<String> secrets = new CopyOnWriteArrayList<>();
    private final List<Service> services = new CopyOnWriteArrayList<>();
    private Thread removeOnExit;

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Checks the engine and creates the test network; {@link #beforeAll} calls it. */
    public void start() {
        requireSwarmManager();
        removeOnExit = new Thread(() -> {
            if (System.getenv(KEEP_VARIABLE) == null) {
                removeEverything();
            }
        }, "remove-" + prefix);
        Runtime.getRuntime().addShutdownHook(removeOnExit);
        createNetwork(network);
    }

    /**
     * Removes every service, secret and network this instance created; {@link #afterAll} calls it. With the environment
     * variable {@value #KEEP_VARIABLE} set, it keeps them and says so, for looking at a failure by hand.
     */
    public void close() {
        if (removeOnExit == null) {
            return; // never started: the engine check failed, and nothing was created
        }
        try {
            Runtime.getRuntime().removeShutdownHook(removeOnExit);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run
        }
        removeOnExit = null;
        if (System.getenv(KEEP_VARIABLE) != null) {
            LOG.warn("{} is set: keeping the services, networks and volumes named {}* (remove them with docker "
                    + "service rm, docker network rm and docker volume rm)", KEEP_VARIABLE, prefix);
            return;
        }
        removeEverything();
    }

    /** The prefix of every name this instance gives. */
    public String prefix() {
        return prefix;
    }

    /**
     * {@code /<prefix><shortName>}: a request path no one else's service uses. The proxies under test watch the
     * whole engine, where other test runs (and other people) may have labelled services of their own.
     */
    public String path(String shortName) {
        return "/" + prefix + shortName;
    }

    /** The attachable overlay network every service of this instance joins. */
    public String network() {
        return network;
    }

    /** Creates another attachable overlay network, named {@code <prefix><shortName>}, removed with the rest. */
    public String createNetwork(String shortName) {
        String name = shortName.startsWith(prefix) ? shortName : prefix + shortName;
        networks.add(name);
        DockerCli.run("network", "create", "--driver", "overlay", "--attachable", name);
        return name;
    }

    /**
     * The name {@code <prefix><shortName>} for a local volume that a service mounts ({@link ServiceSpec#volumeMount}:
     * the engine creates it on first use), removed with the rest once no container uses it.
     */
    public String volume(String shortName) {
        String name = prefix + shortName;
        volumes.add(name);
        return name;
    }

    /** Creates the Docker secret {@code <prefix><shortName>} from a file; removed with the rest. Returns its name. */
    public String createSecret(String shortName, java.nio.file.Path file) {
        String name = prefix + shortName;
        secrets.add(name);
        DockerCli.run("secret", "create", name, file.toString());
        return name;
    }

    /**
     * Creates the service {@code <prefix><spec's short name>} on {@link #network()} (or the network the spec names
     * instead); does not wait for tasks.
     */
    public Service create(ServiceSpec spec) {
        String name = prefix + spec.shortName();
        Service service = new Service(name, spec.firstNetwork(network));
        services.add(service);
        DockerCli.run(DockerCli.DEFAULT_TIMEOUT, spec.createArguments(name, network));
        return service;
    }

    /**
     * The diagnostics ({@link Service#diagnostics()}: {@code docker service ps --no-trunc} and the log's end) of every
     * service this instance created that still exists, for failure messages. Never throws.
     */
    public String diagnostics() {
        StringBuilder all = new StringBuilder();
        for (Service service : services) {
            all.append(service.diagnostics());
        }
        return all.toString();
    }

    private void removeEverything() {
        List<String> failures = new ArrayList<>();
        // Listed by prefix as well, so a service whose create call failed half-way goes too.
        List<String> names = new ArrayList<>(services.stream().map(Service::name).toList());
        DockerCli.lines(DockerCli.attempt("service", "ls", "--format", "{{.Name}}",
                "--filter", "name=" + prefix).stdout()).stream()
                .filter(n -> n.startsWith(prefix) && !names.contains(n)).forEach(names::add);
        for (String name : names) {
            BoundedCommand.Result removed = DockerCli.attempt("service", "rm", name);
            if (!removed.succeeded() && !DockerCli.saysNoSuchObject(removed)) {
                failures.add(removed.describe());
            }
        }
        services.clear();
        // A secret is removable once no service refers to it, which is so now that the services are gone.
        for (String name : secrets) {
            BoundedCommand.Result removed = DockerCli.attempt("secret", "rm", name);
            if (!removed.succeeded() && !DockerCli.saysNoSuchObject(removed)) {
                failures.add(removed.describe());
            }
        }
        secrets.clear();
        // A network is removable once the removed services' tasks have left it: keep asking, bounded.
        for (String name : networks) {
            try {
                await("remove network " + name).atMost(REMOVAL_WAIT).pollInterval(Duration.ofMillis(200))
                        .until(() -> {
                            BoundedCommand.Result removed = DockerCli.attempt("network", "rm", name);
                            return removed.succeeded() || DockerCli.saysNoSuchObject(removed);
                        });
            } catch (ConditionTimeoutException e) {
                failures.add("network " + name + " still in use after " + REMOVAL_WAIT + ": "
                        + DockerCli.attempt("network", "rm", name).describe());
            }
        }
        networks.clear();
        // A volume is removable once the containers that mounted it are gone, which the networks waited for.
        for (String name : volumes) {
            try {
                await("remove volume " + name).atMost(REMOVAL_WAIT).pollInterval(Duration.ofMillis(200))
                        .until(() -> {
                            BoundedCommand.Result removed = DockerCli.attempt("volume", "rm", name);
                            return removed.succeeded() || DockerCli.saysNoSuchObject(removed);
                        });
            } catch (ConditionTimeoutException e) {
                failures.add("volume " + name + " still in use after " + REMOVAL_WAIT + ": "
                        + DockerCli.attempt("volume", "rm", name).describe());
            }
        }
        volumes.clear();
        if (!failures.isEmpty()) {
            LOG.warn("could not remove everything named {}*: {}", prefix, String.join("\n", failures));
        }
    }

    /** Fails with what to do unless the docker CLI reaches an engine that is an active swarm manager. */
    static void requireSwarmManager() {
        String fix = "The swarm tests need a Docker engine that is a swarm manager: as root, apt-get install docker.io;"
                + " dockerd > /tmp/dockerd.log 2>&1 & docker swarm init --advertise-addr 127.0.0.1"
                + " (docs/testing-swarm.md). Without one, leave out -Pswarm.";
        BoundedCommand.Result info;
        try {
            info = DockerCli.attempt("info", "--format", "{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}");
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "\n" + fix, e);
        }
        if (!info.succeeded()) {
            throw new IllegalStateException("docker cannot reach the engine: " + info.describe() + "\n" + fix);
        }
        String state = info.stdout().strip();
        if (!state.equals("active true")) {
            throw new IllegalStateException("this engine is not a swarm manager (swarm state, manager: " + state
                    + ")\n" + fix);
        }
    }

    private static String randomSuffix() {
        SecureRandom random = new SecureRandom();
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            suffix.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return suffix.toString();
    }
}
