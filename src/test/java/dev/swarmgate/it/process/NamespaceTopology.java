package dev.swarmgate.it.process;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Three network namespaces this test creates, the shape transparent proxying needs: a client, the proxy between two
 * links, and a backend whose default route goes through the proxy, so replies addressed to the client reach the
 * proxy's host and not the client. Commands and servers run in a namespace through {@code ip netns exec}; closing
 * stops the processes started here (by their own handles) and deletes the namespaces, which removes the links,
 * routes and iptables rules inside them.
 * <pre>
 *  client 10.231.1.2 (and .3) ── 10.231.1.1 proxy 10.231.2.1 ── 10.231.2.2 backend (default via 10.231.2.1)
 * </pre>
 */
final class NamespaceTopology implements AutoCloseable {

    static final String CLIENT_IP = "10.231.1.2";
    /** A second address of the client namespace: another client, as far as the proxy can tell. */
    static final String OTHER_CLIENT_IP = "10.231.1.3";
    static final String PROXY_CLIENT_SIDE_IP = "10.231.1.1";
    static final String PROXY_BACKEND_SIDE_IP = "10.231.2.1";
    static final String BACKEND_IP = "10.231.2.2";
    private static final long COMMAND_SECONDS = 30;

    final String client;
    final String proxy;
    final String backend;
    private final String suffix;
    private final List<Process> started = new ArrayList<>();

    private NamespaceTopology(String suffix) {
        this.suffix = suffix;
        this.client = "sgtp-c-" + suffix;
        this.proxy = "sgtp-p-" + suffix;
        this.backend = "sgtp-b-" + suffix;
    }

    /**
     * Creates the namespaces and links.
     *
     * @throws IllegalStateException with the command's output when a namespace cannot be created (not root, no
     *                               iproute2): the caller skips with that reason
     */
    static NamespaceTopology create() {
        // Unique per run, so a leftover of a killed run never collides; interface names stay within 15 characters.
        String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        NamespaceTopology topology = new NamespaceTopology(suffix);
        try {
            topology.build();
        } catch (RuntimeException e) {
            topology.close();
            throw e;
        }
        return topology;
    }

    private void build() {
        for (String namespace : List.of(client, proxy, backend)) {
            run("ip", "netns", "add", namespace);
            in(namespace, "ip", "link", "set", "lo", "up");
        }
        link(client, "c" + suffix, CLIENT_IP, proxy, "pc" + suffix, PROXY_CLIENT_SIDE_IP);
        link(backend, "b" + suffix, BACKEND_IP, proxy, "pb" + suffix, PROXY_BACKEND_SIDE_IP);
        in(client, "ip", "addr", "add", OTHER_CLIENT_IP + "/24", "dev", "c" + suffix);
        in(client, "ip", "route", "add", "default", "via", PROXY_CLIENT_SIDE_IP);
        in(backend, "ip", "route", "add", "default", "via", PROXY_BACKEND_SIDE_IP);
    }

    private void link(String a, String aName, String aIp, String b, String bName, String bIp) {
        run("ip", "link", "add", aName, "netns", a, "type", "veth", "peer", "name", bName, "netns", b);
        in(a, "ip", "addr", "add", aIp + "/24", "dev", aName);
        in(a, "ip", "link", "set", aName, "up");
        in(b, "ip", "addr", "add", bIp + "/24", "dev", bName);
        in(b, "ip", "link", "set", bName, "up");
    }

    /** Runs a command in a namespace and returns its output; fails with the output when it exits non-zero. */
    String in(String namespace, String... command) {
        return run(inNamespace(namespace, command));
    }

    /** Runs a command in a namespace: its exit code and output, whatever they are. */
    Result tryIn(String namespace, String... command) {
        return execute(List.of(inNamespace(namespace, command)), Map.of());
    }

    /**
     * Starts a long-running process in a namespace with {@code env} added to a minimal environment, its output in
     * {@code log}; it is stopped on {@link #close()} if still running.
     */
    Process start(String namespace, List<String> command, Map<String, String> env, Path log) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(log.toFile());
        builder.environment().keySet().retainAll(List.of("PATH", "HOME", "LANG", "TMPDIR"));
        builder.environment().putAll(env);
        try {
            // ip netns exec execs the command, so this process is the server itself and SIGTERM reaches it.
            Process process = builder.start();
            started.add(process);
            return process;
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + full, e);
        }
    }

    private static String[] inNamespace(String namespace, String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(List.of(command));
        return full.toArray(String[]::new);
    }

    private static String run(String... command) {
        Result result = execute(List.of(command), Map.of());
        if (result.exit() != 0) {
            throw new IllegalStateException("`" + String.join(" ", command) + "` exited with " + result.exit() + ": "
                    + result.output().strip());
        }
        return result.output();
    }

    static Result execute(List<String> command, Map<String, String> env) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(env);
            Process process = builder.start();
            byte[] output;
            try (InputStream in = process.getInputStream()) {
                output = in.readAllBytes();
            }
            if (!process.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("`" + String.join(" ", command) + "` did not finish in "
                        + COMMAND_SECONDS + " s");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run `" + String.join(" ", command) + "`: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }

    /** Stops what was started here (SIGTERM, then SIGKILL), then deletes the namespaces; safe to call twice. */
    @Override
    public void close() {
        for (Process process : started) {
            stop(process);
        }
        started.clear();
        for (String namespace : List.of(client, proxy, backend)) {
            execute(List.of("ip", "netns", "del", namespace), Map.of()); // absent ones only print an error
        }
    }

    static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    record Result(int exit, String output) {
    }
}
