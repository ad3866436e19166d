package dev.swarmgate.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The host side of transparent proxying ({@code TRANSPARENT_SETUP=true}), as the tombull/haproxy entrypoint sets it
 * up: replies addressed to a client's IP must be delivered to the proxy's socket bound to that IP instead of being
 * forwarded. Packets that belong to a local transparent socket ({@code -m socket --transparent}) are marked in the mangle table's
 * {@code DIVERT} chain, and the mark's routing table delivers everything locally. Each piece is checked before it is
 * added, and {@link #close()} removes exactly the pieces this instance added, in reverse order, so a host that was
 * set up by hand (or by a proxy still running) keeps its set-up.
 * <p>
 * It runs {@code ip} and {@code iptables} as child processes, at start and at exit only (never on an event loop).
 * IPv4 only.
 */
public final class TransparentHostRouting implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TransparentHostRouting.class);

    /** The packet mark and routing table, as in the seed's recipe. */
    public static final String MARK = "1";
    public static final String TABLE = "100";
    /** CAP_NET_ADMIN's bit in the capability sets of /proc/self/status. */
    private static final int CAP_NET_ADMIN = 12;
    private static final Path NONLOCAL_BIND = Path.of("/proc/sys/net/ipv4/ip_nonlocal_bind");
    private static final long COMMAND_SECONDS = 20;

    /** What {@code docker service create} needs for this, quoted in the start-up error. */
    public static final String SERVICE_FLAGS = "docker service create --cap-add NET_ADMIN --network host"
            + " [--sysctl net.ipv4.ip_nonlocal_bind=1 when not on the host network] ... (stack file: cap_add:"
            + " [NET_ADMIN], Docker Engine 20.10 or later); see docs/transparent.md";

    private final Deque<Step> added = new ArrayDeque<>();
    private String nonlocalBindBefore;

    private TransparentHostRouting() {
    }

    /**
     * Sets the host up, adding only what is missing.
     *
     * @param iptables the iptables command ({@code iptables}, or {@code iptables-legacy} where the nft-backed one
     *                 lacks the socket match)
     * @throws IllegalStateException naming the capability and the flags when the process lacks CAP_NET_ADMIN, or the
     *                               command and its output when a step fails (what was added is removed again)
     */
    public static TransparentHostRouting setUp(String iptables) {
        requireNetAdmin("TRANSPARENT_SETUP=true");
        TransparentHostRouting routing = new TransparentHostRouting();
        try {
            routing.nonlocalBind();
            for (Step step : steps(iptables)) {
                if (run(step.check()).succeeded(step.presentWhenOutput())) {
                    LOG.info("Transparent proxying: {} is already there, left as it is", String.join(" ",
                            step.add()));
                    continue;
                }
                Result result = run(step.add());
                if (result.exit() != 0) {
                    throw new IllegalStateException("Transparent proxying set-up failed: `" + String.join(" ",
                            step.add()) + "` exited with " + result.exit() + ": " + result.output().strip()
                            + step.hint());
                }
                routing.added.push(step);
                LOG.info("Transparent proxying: added `{}`", String.join(" ", step.add()));
            }
        } catch (RuntimeException e) {
            routing.close();
            throw e;
        }
        return routing;
    }

    /**
     * Fails unless this process has CAP_NET_ADMIN, which both the set-up and {@code IP_TRANSPARENT} on backend
     * sockets need.
     *
     * @param why what asked for it (the setting), for the message
     */
    public static void requireNetAdmin(String why) {
        if (!hasNetAdmin()) {
            throw new IllegalStateException(why + " needs the capability CAP_NET_ADMIN, which this process does not"
                    + " have (transparent backend connections set IP_TRANSPARENT; the set-up adds iptables rules and"
                    + " policy routes); give it to the container: " + SERVICE_FLAGS + ", or docker run --cap-add"
                    + " NET_ADMIN");
        }
    }

    /** Whether the effective capability set holds CAP_NET_ADMIN (false where it cannot be read). */
    static boolean hasNetAdmin() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    long capabilities = Long.parseUnsignedLong(line.substring("CapEff:".length()).strip(), 16);
                    return (capabilities & 1L << CAP_NET_ADMIN) != 0;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("capabilities could not be read: {}", e.toString());
        }
        return false;
    }

    /**
     * {@code ip_nonlocal_bind=1} as the seed sets it. IP_TRANSPARENT already lets a socket bind an address that is
     * not this host's, so a read-only /proc/sys (a container without the sysctl) is only reported.
     */
    private void nonlocalBind() {
        try {
            String before = Files.readString(NONLOCAL_BIND).strip();
            if (before.equals("1")) {
                return;
            }
            Files.writeString(NONLOCAL_BIND, "1");
            nonlocalBindBefore = before;
            LOG.info("Transparent proxying: net.ipv4.ip_nonlocal_bind set to 1 (was {})", before);
        } catch (IOException e) {
            LOG.info("Transparent proxying: net.ipv4.ip_nonlocal_bind left as it is ({}); IP_TRANSPARENT does"
                    + " without it", e.toString());
        }
    }

    /** The pieces in the order they are added; each check exits 0 (and prints, where said) when it is there. */
    static List<Step> steps(String iptables) {
        String hint = "; the kernel needs the xt_socket and xt_mark modules (modprobe xt_socket, or"
                + " --cap-add SYS_MODULE); where the nf_tables iptables lacks them, set TRANSPARENT_IPTABLES="
                + "iptables-legacy";
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(List.of(iptables, "-t", "mangle", "-S", "DIVERT"),
                List.of(iptables, "-t", "mangle", "-N", "DIVERT"),
                List.of(iptables, "-t", "mangle", "-X", "DIVERT"), false, hint));
        for (List<String> rule : List.of(List.of("DIVERT", "-j", "MARK", "--set-mark", MARK),
                // --transparent, narrower than the seed: only packets of sockets with IP_TRANSPARENT (the proxy's
                // transparent backend connections) are diverted; the seed's rule also marked every other established
                // local connection's packets, harmlessly (they are local anyway).
                List.of("DIVERT", "-j", "ACCEPT"), List.of("PREROUTING", "-p", "tcp", "-m", "socket",
                        "--transparent", "-j", "DIVERT"))) {
            steps.add(new Step(iptables(iptables, "-C", rule), iptables(iptables, "-A", rule),
                    iptables(iptables, "-D", rule), false, hint));
        }
        steps.add(new Step(List.of("ip", "rule", "show", "fwmark", MARK, "lookup", TABLE),
                List.of("ip", "rule", "add", "fwmark", MARK, "lookup", TABLE),
                List.of("ip", "rule", "del", "fwmark", MARK, "lookup", TABLE), true, ""));
        steps.add(new Step(List.of("ip", "route", "show", "table", TABLE, "type", "local", "0.0.0.0/0"),
                List.of("ip", "route", "add", "local", "0.0.0.0/0", "dev", "lo", "table", TABLE),
                List.of("ip", "route", "del", "local", "0.0.0.0/0", "dev", "lo", "table", TABLE), true, ""));
        return steps;
    }

    private static List<String> iptables(String iptables, String action, List<String> rule) {
        List<String> command = new ArrayList<>(List.of(iptables, "-t", "mangle", action));
        command.addAll(rule);
        return command;
    }

    /** Removes what {@link #setUp} added, newest first; a failing step is logged and the others still run. */
    @Override
    public synchronized void close() {
        while (!added.isEmpty()) {
            Step step = added.pop();
            try {
                Result result = run(step.remove());
                if (result.exit() != 0) {
                    LOG.warn("Transparent proxying: `{}` exited with {}: {}", String.join(" ", step.remove()),
                            result.exit(), result.output().strip());
                } else {
                    LOG.info("Transparent proxying: removed what `{}` added", String.join(" ", step.add()));
                }
            } catch (RuntimeException e) {
                LOG.warn("Transparent proxying: `{}` failed: {}", String.join(" ", step.remove()), e.getMessage());
            }
        }
        if (nonlocalBindBefore != null) {
            try {
                Files.writeString(NONLOCAL_BIND, nonlocalBindBefore);
            } catch (IOException e) {
                LOG.warn("Transparent proxying: net.ipv4.ip_nonlocal_bind not restored to {}: {}",
                        nonlocalBindBefore, e.toString());
            }
            nonlocalBindBefore = null;
        }
    }

    private static Result run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output;
            try (InputStream in = process.getInputStream()) {
                output = in.readAllBytes();
            }
            if (!process.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("`" + String.join(" ", command) + "` did not finish within "
                        + COMMAND_SECONDS + " s");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("Transparent proxying set-up cannot run `" + command.getFirst() + "` ("
                    + e.getMessage() + "); the image needs iproute2 and iptables (apt-get install iproute2"
                    + " iptables)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }

    /**
     * One piece of the set-up.
     *
     * @param presentWhenOutput the check exits 0 either way and prints the piece when it is there
     * @param hint              what to check when adding it fails
     */
    record Step(List<String> check, List<String> add, List<String> remove, boolean presentWhenOutput, String hint) {
    }

    private record Result(int exit, String output) {
        boolean succeeded(boolean needsOutput) {
            return exit == 0 && (!needsOutput || !output.isBlank());
        }
    }
}
