package dev.swarmgate.it.process;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The tombull/haproxy seed's reload trick, for comparison: an iptables rule that drops new connections' SYN packets
 * to the given ports while it is in place (clients retransmit after about a second), removed on close.
 */
final class SynDrop implements AutoCloseable {

    private final List<String> rule;

    private SynDrop(List<String> rule) {
        this.rule = rule;
    }

    /** Why the rule cannot be used here (no iptables, not root), or null when it can. */
    static String unavailableBecause() {
        try {
            int exit = run(List.of("iptables", "-w", "-S", "INPUT"));
            return exit == 0 ? null : "iptables -S INPUT exited " + exit + " (root and iptables are needed)";
        } catch (IOException e) {
            return "iptables cannot run: " + e.getMessage();
        }
    }

    static SynDrop on(int... ports) throws IOException {
        StringBuilder list = new StringBuilder();
        for (int port : ports) {
            list.append(list.isEmpty() ? "" : ",").append(port);
        }
        List<String> rule = List.of("INPUT", "-p", "tcp", "-m", "multiport", "--dports", list.toString(), "--syn",
                "-j", "DROP");
        List<String> insert = new ArrayList<>(List.of("iptables", "-w", "-I"));
        insert.addAll(rule);
        if (run(insert) != 0) {
            throw new IOException("could not insert " + insert);
        }
        return new SynDrop(rule);
    }

    @Override
    public void close() throws IOException {
        List<String> delete = new ArrayList<>(List.of("iptables", "-w", "-D"));
        delete.addAll(rule);
        if (run(delete) != 0) {
            throw new IOException("could not delete " + delete + ": remove it by hand");
        }
    }

    private static int run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
