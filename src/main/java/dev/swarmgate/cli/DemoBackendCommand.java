package dev.swarmgate.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Callable;

/**
 * {@code swarmgate demo-backend}: the demo's backend on its own, listening on all interfaces, so the image can be a
 * service to route to in a swarm where nothing else can be pulled (the README's "Run on Docker Swarm").
 */
@Command(name = "demo-backend", mixinStandardHelpOptions = true,
        description = {"Serve a tiny HTTP backend to route to: any path ending in /hello answers 'hello from demo "
                + "backend <host name>' (in a swarm task, its container id, so balancing shows), any path ending in "
                + "/echo echoes the request line and headers, anything else is a 404.",
                "In a swarm (README.md, \"Run on Docker Swarm\"):",
                "  docker service create --name hello --network proxy_proxy --label com.df.notify=true "
                        + "--label com.df.servicePath=/hello --label com.df.port=8080 "
                        + "swarmgate/swarmgate:latest demo-backend"})
final class DemoBackendCommand implements Callable<Integer> {

    static final String READY = "demo backend listening on ";

    @Option(names = "--port", description = "Port to listen on (default ${DEFAULT-VALUE}).", defaultValue = "8080")
    int port;

    @Option(names = "--host", description = "Address to listen on (default ${DEFAULT-VALUE}: every interface).",
            defaultValue = "0.0.0.0")
    String host;

    @Override
    public Integer call() throws InterruptedException {
        DemoBackend backend;
        try {
            backend = start();
        } catch (IOException e) {
            System.err.println("swarmgate demo-backend: cannot listen on " + host + ":" + port + ": " + e
                    + " (choose another --port, or stop what uses it)");
            return 1;
        }
        System.out.println(READY + host + ":" + backend.port());
        System.out.flush();
        ProxyCommand.awaitShutdown(backend);
        return 0;
    }

    DemoBackend start() throws IOException {
        return new DemoBackend(hostName(), new InetSocketAddress(InetAddress.getByName(host), port));
    }

    /** Docker names a container's host after the container id: each task of a service greets differently. */
    private static String hostName() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "(unknown host)";
        }
    }
}
