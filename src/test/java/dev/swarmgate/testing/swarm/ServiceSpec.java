package dev.swarmgate.testing.swarm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a test asks {@code docker service create} for: a short name (the {@link Swarm} prefixes it), an image and
 * the options the swarm tests use. Each method maps to one flag, so a reader knows the exact command.
 */
public final class ServiceSpec {

    static final String DOCKER_SOCKET = "/var/run/docker.sock";
    /** The user docker/Dockerfile runs as. */
    static final int IMAGE_USER = 10001;

    private final String shortName;
    private final String image;
    private int replicas = 1;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Map<String, String> containerLabels = new LinkedHashMap<>();
    private String networkInstead;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> mounts = new ArrayList<>();
    private final List<String> secrets = new ArrayList<>();
    private final List<String> publish = new ArrayList<>();
    private final List<String> constraints = new ArrayList<>();
    private final List<String> extraNetworks = new ArrayList<>();
    private final List<String> flags = new ArrayList<>();
    private final List<String> args = new ArrayList<>();

    private ServiceSpec(String shortName, String image) {
        this.shortName = shortName;
        this.image = image;
    }

    public static ServiceSpec of(String shortName, String image) {
        return new ServiceSpec(shortName, image);
    }

    /** A service of the busybox backend, {@link BackendImage}, answering on port 8080. */
    public static ServiceSpec backend(String shortName) {
        return of(shortName, BackendImage.reference());
    }

    /**
     * A backend labelled as a Docker Flow Proxy user labels a service: {@code com.df.notify=true},
     * {@code com.df.servicePath=<path>}, {@code com.df.port=8080}.
     */
    public static ServiceSpec routedBackend(String shortName, String path) {
        return backend(shortName).label("com.df.notify", "true").label("com.df.servicePath", path)
                .label("com.df.port", String.valueOf(BackendImage.PORT));
    }

    public String shortName() {
        return shortName;
    }

    /** {@code --replicas n}. */
    public ServiceSpec replicas(int replicas) {
        this.replicas = replicas;
        return this;
    }

    /** {@code --label key=value}: a service label, what Docker Flow Proxy's {@code com.df.*} settings are. */
    public ServiceSpec label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    /**
     * {@code --container-label key=value}: a label on the service's containers, what a stack file's service-level
     * {@code labels:} sets; Docker Flow Proxy's settings do not belong here, which is the mistake tests make with it.
     */
    public ServiceSpec containerLabel(String key, String value) {
        containerLabels.put(key, value);
        return this;
    }

    /**
     * The Docker socket bind-mounted, and the image's own user (10001) given the socket's group as its group
     * ({@code --user 10001:<gid>}), exactly as docker/stack.yml runs the proxy ({@code user: "10001:${DOCKER_GID}"}):
     * not root.
     */
    public ServiceSpec dockerSocket() {
        Path socket = Path.of(DOCKER_SOCKET);
        int group;
        try {
            group = (Integer) Files.getAttribute(socket, "unix:gid");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the group of " + socket + ": is dockerd running?", e);
        }
        return bindMount(DOCKER_SOCKET, DOCKER_SOCKET).flags("--user", IMAGE_USER + ":" + group);
    }

    /** {@code --env key=value}. */
    public ServiceSpec env(String key, String value) {
        env.put(key, value);
        return this;
    }

    /** {@code --mount type=bind,src=<source>,dst=<target>}. */
    public ServiceSpec bindMount(String source, String target) {
        mounts.add("type=bind,src=" + source + ",dst=" + target);
        return this;
    }

    /** {@code --mount type=volume,src=<volume>,dst=<target>}: a named local volume ({@link Swarm#volume}). */
    public ServiceSpec volumeMount(String volume, String target) {
        mounts.add("type=volume,src=" + volume + ",dst=" + target);
        return this;
    }

    /** {@code --secret source=<secret>,target=<target>}: the secret as {@code /run/secrets/<target>}. */
    public ServiceSpec secret(String secret, String target) {
        secrets.add("source=" + secret + ",target=" + target);
        return this;
    }

    /** {@code --publish mode=host,target=<target>,published=<published>}: the port on this machine itself. */
    public ServiceSpec publishOnHost(int target, int published) {
        publish.add("mode=host,target=" + target + ",published=" + published);
        return this;
    }

    /** {@code --publish mode=host,target=<target>}: docker picks the host port; {@link Task#publishedPort} reads it. */
    public ServiceSpec publishOnHost(int target) {
        publish.add("mode=host,target=" + target);
        return this;
    }

    /** {@code --constraint <expression>}, e.g. {@code node.role==manager}. */
    public ServiceSpec constraint(String expression) {
        constraints.add(expression);
        return this;
    }

    /** {@code --network <name>} besides the test's own network (which every service joins). */
    public ServiceSpec network(String name) {
        extraNetworks.add(name);
        return this;
    }

    /**
     * {@code --network <name>} instead of the test's own network: a service the proxy (on the test network) shares
     * no network with.
     */
    public ServiceSpec onlyOnNetwork(String name) {
        networkInstead = name;
        return this;
    }

    /** The network the service joins first: the test network unless {@link #onlyOnNetwork} replaced it. */
    String firstNetwork(String testNetwork) {
        return networkInstead == null ? testNetwork : networkInstead;
    }

    /** {@code --update-order start-first}: a rolling update starts the new task before stopping the old one. */
    public ServiceSpec startFirst() {
        return flags("--update-order", "start-first");
    }

    /**
     * {@code --endpoint-mode dnsrr}: the service name resolves to its tasks' addresses instead of a virtual IP (which
     * does not work in this sandbox, docs/testing-swarm.md), so a service can be reached by its plain name, as
     * {@code LISTENER_ADDRESS} or a notification URL name it.
     */
    public ServiceSpec dnsrr() {
        return flags("--endpoint-mode", "dnsrr");
    }

    /** Any other {@code docker service create} flags, verbatim. */
    public ServiceSpec flags(String... more) {
        flags.addAll(List.of(more));
        return this;
    }

    /** Arguments after the image: the command, or the entrypoint's arguments. */
    public ServiceSpec args(String... more) {
        args.addAll(List.of(more));
        return this;
    }

    /**
     * The arguments of {@code docker service create} for this spec as service {@code name} on {@code network}.
     * Detached (the test awaits what it needs) and without asking a registry for the image's digest (none is
     * reachable, and the images are local).
     */
    List<String> createArguments(String name, String network) {
        List<String> command = new ArrayList<>(List.of("service", "create", "--detach", "--quiet",
                "--no-resolve-image", "--name", name, "--replicas", String.valueOf(replicas), "--network",
                firstNetwork(network)));
        extraNetworks.forEach(n -> command.addAll(List.of("--network", n)));
        labels.forEach((key, value) -> command.addAll(List.of("--label", key + "=" + value)));
        containerLabels.forEach((key, value) -> command.addAll(List.of("--container-label", key + "=" + value)));
        env.forEach((key, value) -> command.addAll(List.of("--env", key + "=" + value)));
        mounts.forEach(m -> command.addAll(List.of("--mount", m)));
        secrets.forEach(secret -> command.addAll(List.of("--secret", secret)));
        publish.forEach(p -> command.addAll(List.of("--publish", p)));
        constraints.forEach(c -> command.addAll(List.of("--constraint", c)));
        command.addAll(flags);
        command.add(image);
        command.addAll(args);
        return command;
    }
}
