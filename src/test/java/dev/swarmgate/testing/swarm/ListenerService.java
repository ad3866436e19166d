package dev.swarmgate.testing.swarm;

/**
 * {@code swarmgate listener} as a swarm service, run as Docker Flow Swarm Listener is: the {@link ProxyImage} with
 * the command {@code listener}, the Docker socket bind-mounted, placed on a manager. Its service name resolves to its
 * task ({@code --endpoint-mode dnsrr}), so a proxy's {@code LISTENER_ADDRESS} can name it as in a real stack
 * without going through a virtual IP, which this sandbox cannot route.
 */
public final class ListenerService {

    /** The listener's API port (DFSL's). */
    public static final int PORT = 8080;

    private ListenerService() {
    }

    /**
     * The listener's spec; add {@code DF_NOTIFY_*} env, then {@link Swarm#create} it. The image's user with the
     * socket's group, to read the Docker socket (as the proxy in docker/stack.yml); no health check (the image's has
     * nothing to ask a listener).
     */
    public static ServiceSpec spec(String shortName) {
        return ServiceSpec.of(shortName, ProxyImage.reference())
                .flags("--no-healthcheck")
                .dockerSocket()
                .constraint("node.role==manager")
                .dnsrr()
                .args("listener");
    }
}
