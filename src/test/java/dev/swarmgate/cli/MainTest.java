package dev.swarmgate.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {

    @Test
    void versionNamesTheProgram() {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new Main()).setOut(new PrintWriter(out));

        assertThat(command.execute("--version")).isZero();
        assertThat(out.toString()).startsWith("swarmgate ");
    }

    @Test
    void helpListsTheSubcommands() {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new Main()).setOut(new PrintWriter(out));

        assertThat(command.execute("--help")).isZero();
        assertThat(out.toString()).contains("proxy").contains("demo");
    }

    @Test
    void onlyTheBareProxyCommandSkipsParsing() {
        assertThat(Main.startsTheProxyAsIs(new String[]{"proxy"})).isTrue();
        assertThat(Main.startsTheProxyAsIs(new String[]{"proxy", "--help"})).isFalse();
        assertThat(Main.startsTheProxyAsIs(new String[]{"--version"})).isFalse();
        assertThat(Main.startsTheProxyAsIs(new String[]{"listener"})).isFalse();
        assertThat(Main.startsTheProxyAsIs(new String[]{})).isFalse();
    }
}
