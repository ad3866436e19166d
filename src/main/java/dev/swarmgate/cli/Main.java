package dev.swarmgate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code swarmgate} command: a parent for the subcommands, which do the work. */
@Command(name = "swarmgate", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Self-configuring edge proxy for Docker Swarm, compatible with Docker Flow Proxy.",
        subcommands = {ProxyCommand.class, ListenerCommand.class, TcpCommand.class, TcpServiceCommand.class, DemoCommand.class,
                DemoBackendCommand.class, HealthCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Netty samples buffer allocations for leak reports, building a stack trace for each sample: a few percent of
        // a small request's cost. The tests run with detection on (paranoid); production without it.
        defaultProperty("io.netty.leakDetection.level", "disabled");
        // Netty registers its buffer events with the JDK Flight Recorder at its first allocation, which sets up the
        // recorder's metadata: about 95 ms on the event loop, in front of a new proxy's first request
        // (docs/benchmarks.md, "Issue 11: start and warm-up, third round"). Nothing records them unless a
        // recording is started by hand.
        defaultProperty("io.netty.jfr.enabled", "false");
        System.exit(startsTheProxyAsIs(args) ? ProxyCommand.runWithoutCommandLine()
                : new CommandLine(new Main()).execute(args));
    }

    /**
     * {@code swarmgate proxy} with nothing after it, as the image and the launcher start the proxy: it has no options
     * to parse, and picocli would spend about 150 ms of the start building the model of every subcommand by
     * reflection (its classes cannot go in the AOT cache). Anything else, {@code proxy --help} included, is parsed.
     */
    static boolean startsTheProxyAsIs(String[] args) {
        return args.length == 1 && args[0].equals("proxy");
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Sets a system property the command line did not give; a {@code -D} of the user's wins. */
    private static void defaultProperty(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }

    /** The version from the jar manifest, or the development version when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[]{"swarmgate " + (version != null ? version : "0.1.0-SNAPSHOT")};
        }
    }
}
