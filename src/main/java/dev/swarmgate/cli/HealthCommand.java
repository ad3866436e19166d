package dev.swarmgate.cli;

import dev.swarmgate.config.Settings;
import dev.swarmgate.config.dfp.DfpSettings;
import dev.swarmgate.config.dfp.HandOverSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code swarmgate health}: the image's {@code HEALTHCHECK}, which cannot use a shell or curl (there are none). Asks
 * the local proxy's admin API whether it routes the swarm's services ({@code successfulinitreload}, open without
 * credentials) and says why not in one line. A container whose main process runs another subcommand (a listener, a
 * demo backend) has no proxy to ask and is reported healthy.
 */
@Command(name = "health", mixinStandardHelpOptions = true,
        description = "Exit 0 when the local proxy is ready (its admin API answers 200 to "
                + "/v1/docker-flow-proxy/successfulinitreload), else 1; one line says why. The admin address is the "
                + "proxy's: PORT (default 8080) and IP (default 0.0.0.0, asked on 127.0.0.1), from the environment "
                + "or dfp_* secrets, as the proxy reads them. The image's HEALTHCHECK runs it; in a container whose "
                + "main process is another subcommand (listener, demo-backend) it exits 0 without asking.")
final class HealthCommand implements Callable<Integer> {

    static final String PATH = "/v1/docker-flow-proxy/successfulinitreload";
    private static final Path MAIN_PROCESS = Path.of("/proc/1/cmdline");

    @Option(names = "--timeout", description = "Seconds to wait for the answer (default ${DEFAULT-VALUE}).",
            defaultValue = "3")
    int timeoutSeconds;

    @Override
    public Integer call() {
        Map<String, String> env = System.getenv();
        Path secrets = Path.of(env.getOrDefault("SECRETS_DIR", "/run/secrets"));
        return check(env, secrets, MAIN_PROCESS, System.out);
    }

    /** Prints one line, {@code healthy: ...} or {@code unhealthy: ...}, and returns the exit code. */
    int check(Map<String, String> env, Path secrets, Path mainProcess, PrintStream out) {
        Optional<String> other = otherSubcommand(mainProcess);
        if (other.isPresent()) {
            out.println("healthy: this container runs swarmgate " + other.get()
                    + ", which has no health check (only the proxy has one)");
            return 0;
        }
        Settings settings;
        try {
            settings = DfpSettings.read(env, secrets);
        } catch (IllegalArgumentException e) {
            out.println("unhealthy: the proxy's settings do not parse, so it cannot be running: " + e.getMessage());
            return 1;
        }
        String host = askedHost(settings.adminHost());
        int port = settings.adminPort();
        String target = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + PATH;
        int timeoutMillis = Math.max(1, timeoutSeconds) * 1000;
        try {
            int status = status(host, port, timeoutMillis);
            if (status == 200) {
                if (takesOver(env) && heldByAnother(mainProcess, port)) {
                    // On the host network the running proxy answers on the same port while this container's one
                    // is still starting: only once it holds the socket is this container ready (a Swarm
                    // start-first update stops the old task as soon as the new one counts as running).
                    out.println("unhealthy: " + target + " answered 200, but not from this container's proxy"
                            + " (TAKE_OVER=true): it does not hold the listening socket of port " + port
                            + " yet; it is starting, or taking the ports over from the running one");
                    return 1;
                }
                out.println("healthy: " + target + " answered 200");
                return 0;
            }
            out.println("unhealthy: " + target + " answered " + status + (status == 500
                    ? ": the proxy has not applied the swarm's services yet (Swarm discovery's first listing, or the"
                            + " first list from LISTENER_ADDRESS); its log says what it waits for"
                    : ": that is not a Swarmgate proxy's admin API (is PORT=" + port + " another server's port?)"));
        } catch (ConnectException e) {
            out.println("unhealthy: nothing accepts connections on " + host + ":" + port + " (" + e.getMessage()
                    + "): the proxy is not running, or its admin API is on another PORT/IP");
        } catch (SocketTimeoutException e) {
            out.println("unhealthy: " + target + " did not answer within " + timeoutMillis / 1000 + " s");
        } catch (IOException e) {
            out.println("unhealthy: asking " + target + " failed: " + e);
        }
        return 1;
    }

    private static boolean takesOver(Map<String, String> env) {
        try {
            return HandOverSettings.read(env).takeOver();
        } catch (IllegalArgumentException e) {
            return false; // the proxy itself refuses to start then, and says why
        }
    }

    /**
     * Whether the container's main process (a Swarmgate, {@code /proc/1}) does not hold the listening socket of
     * {@code port}; false when it is no Swarmgate or {@code /proc} cannot tell (then the answer alone counts).
     */
    static boolean heldByAnother(Path mainProcess, int port) {
        Path processDir = mainProcess.getParent();
        if (processDir == null || processDir.getParent() == null || !runsSwarmgate(mainProcess)) {
            return false;
        }
        return new ListeningSocketHolder(processDir.getParent()).holds(processDir.getFileName().toString(), port)
                .map(holds -> !holds).orElse(false);
    }

    private static boolean runsSwarmgate(Path mainProcess) {
        try {
            return List.of(new String(Files.readAllBytes(mainProcess), StandardCharsets.UTF_8).split("\0")).stream()
                    .anyMatch(arg -> arg.endsWith("swarmgate.jar"));
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** The proxy binds its admin API to IP; a wildcard is asked on the loopback address. */
    private static String askedHost(String adminHost) {
        String host = adminHost.strip();
        if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            return "127.0.0.1";
        }
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** One HTTP/1.1 GET on a socket of its own: a JVM that starts for one request needs no HTTP client. */
    private static int status(String host, int port, int timeoutMillis) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getByName(host), port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            OutputStream request = socket.getOutputStream();
            request.write(("GET " + PATH + " HTTP/1.1\r\nHost: " + host + ":" + port
                    + "\r\nUser-Agent: swarmgate-health\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            request.flush();
            String statusLine = statusLine(socket.getInputStream());
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("\\d{3}")) {
                throw new IOException("the answer does not start with an HTTP status line: " + statusLine);
            }
            return Integer.parseInt(parts[1]);
        }
    }

    private static String statusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != -1 && b != '\n' && line.length() < 200) {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    /**
     * The subcommand of the container's main process when it is a {@code swarmgate} other than the proxy: the image
     * runs {@code java ... -jar /swarmgate.jar [subcommand]}, and no subcommand means the image's {@code proxy}.
     * Empty when the main process is a proxy, or is not {@code swarmgate} at all (run on a host: ask the proxy).
     */
    static Optional<String> otherSubcommand(Path mainProcess) {
        List<String> args;
        try {
            args = List.of(new String(Files.readAllBytes(mainProcess), StandardCharsets.UTF_8).split("\0"));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("-jar") && i + 1 < args.size() && args.get(i + 1).endsWith("swarmgate.jar")) {
                return args.stream().skip(i + 2).filter(arg -> !arg.startsWith("-")).findFirst()
                        .filter(subcommand -> !subcommand.equals("proxy"));
            }
        }
        return Optional.empty();
    }
}
