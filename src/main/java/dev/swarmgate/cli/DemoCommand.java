package dev.swarmgate.cli;

import dev.swarmgate.config.DomainMatch;
import dev.swarmgate.config.ListenerSpec;
import dev.swarmgate.config.Settings;
import dev.swarmgate.config.Timeouts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code swarmgate demo}: two local backends and a proxy in one process, configured through the real admin API, so
 * a newcomer can try routing with curl and nothing else.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start two demo backends and a proxy on 127.0.0.1, register them through the admin API and "
                + "print curl commands to try.")
final class DemoCommand implements Callable<Integer> {

    static final String READY = "Swarmgate demo ready";
    private static final String HOST = "127.0.0.1";

    @Option(names = "--port", description = "HTTP listener port (default 0: any free port)")
    int port;

    @Option(names = "--admin-port", description = "admin API port (default 0: any free port)")
    int adminPort;

    @Override
    public Integer call() throws Exception {
        Demo demo;
        try {
            demo = start(System.out);
        } catch (IllegalStateException e) {
            System.err.println("swarmgate demo: " + e.getMessage());
            return 1;
        }
        ProxyCommand.awaitShutdown(demo);
        return 0;
    }

    /** Everything the demo runs, closed in reverse order of start. */
    record Demo(ProxyRuntime proxy, DemoBackend first, DemoBackend second) implements AutoCloseable {
        @Override
        public void close() {
            proxy.close();
            second.close();
            first.close();
        }
    }

    Demo start(PrintStream out) throws IOException, InterruptedException {
        DemoBackend first = new DemoBackend(1);
        DemoBackend second = new DemoBackend(2);
        int httpPort = port != 0 ? port : freePort();
        Settings settings = new Settings(0, HOST, HOST, adminPort, List.of(new ListenerSpec(httpPort, false, false)), List.of(),
                Timeouts.dfpDefaults(), ",", DomainMatch.PREFIX, false, Optional.empty(), Optional.empty(),
                List.of());
        ProxyRuntime proxy = new ProxyRuntime(settings, Map.of());
        Demo demo = new Demo(proxy, first, second);
        try {
            proxy.start();
            String admin = "http://" + HOST + ":" + proxy.adminPort() + "/v1/docker-flow-proxy";
            register(admin, "demo", "/demo", first.port());
            register(admin, "other", "/other", second.port());
            String proxyUrl = "http://" + HOST + ":" + httpPort;
            out.println();
            out.println("Swarmgate demo: proxy on " + proxyUrl + ", admin API on " + admin);
            out.println("Try:");
            out.println("  curl -i " + proxyUrl + "/demo/hello");
            out.println("  curl -i " + proxyUrl + "/other/hello");
            out.println("  curl -i " + proxyUrl + "/demo/echo");
            out.println("  curl '" + admin + "/config'");
            out.println("  curl '" + admin + "/config?type=json'");
            out.println("  curl '" + admin + "/reconfigure?serviceName=third&servicePath=/third&port="
                    + first.port() + "&outboundHostname=" + HOST + "'");
            out.println("  curl '" + admin + "/remove?serviceName=third'");
            out.println(READY);
            out.flush();
            return demo;
        } catch (IOException | InterruptedException | RuntimeException e) {
            demo.close();
            throw e;
        }
    }

    /** Through the real admin API, exactly as a user or the swarm listener would. */
    private static void register(String admin, String name, String path, int backendPort)
            throws IOException, InterruptedException {
        URI uri = URI.create(admin + "/reconfigure?serviceName=" + name + "&servicePath=" + path + "&port="
                + backendPort + "&outboundHostname=" + HOST);
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("registering demo service " + name + " failed with "
                        + response.statusCode() + ": " + response.body());
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }
}
