package dev.swarmgate.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped logging set-up ({@link ConsoleLogConfigurator}), in a logger context of its own, writing to a captured
 * stdout: untrusted text with line breaks and terminal escapes stays on its one line, in the message and in an
 * exception's message alike.
 */
class LogInjectionTest {

    private static final String MARK = "log-injection-test";

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final LoggerContext context = new LoggerContext();
    private PrintStream stdout;

    @BeforeEach
    void configureAsShipped() {
        stdout = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        context.setMDCAdapter(new LogbackMDCAdapter());
        ConsoleLogConfigurator.configure(context, "INFO");
    }

    @AfterEach
    void restoreStdout() {
        context.stop();
        if (stdout != null) {
            System.setOut(stdout);
        }
    }

    private List<String> linesWithTheMark() {
        return captured.toString(StandardCharsets.UTF_8).lines().filter(line -> line.contains(MARK)).toList();
    }

    @Test
    void lineBreaksInAnArgumentCannotStartAForgedLine() {
        Logger log = context.getLogger("dev.swarmgate.admin.ServiceEndpoints");

        log.info("{} reconfigure serviceName={} applied", MARK,
                "go-demo\r\n1999-01-01T00:00:00.000Z ERROR [main] Gateway - forged");

        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("\nforged").doesNotContain("\r");
        assertThat(linesWithTheMark()).singleElement().asString()
                .endsWith("serviceName=go-demo\\r\\n1999-01-01T00:00:00.000Z ERROR [main] Gateway - forged applied");
        assertThat(captured.toString(StandardCharsets.UTF_8).lines()).noneMatch(line -> line.startsWith("1999-01-01"));
    }

    @Test
    void otherControlCharactersAreWrittenAsUnicodeEscapes() {
        Logger log = context.getLogger("dev.swarmgate.admin.ServiceEndpoints");

        log.warn("{} name={}", MARK, "a\u0000b\u001b[31mc\td\u007fe\u0085f\u2028g");

        assertThat(linesWithTheMark()).singleElement().asString()
                .endsWith("name=a\\u0000b\\u001b[31mc\\u0009d\\u007fe\\u0085f\\u2028g");
    }

    @Test
    void anExceptionMessageCannotStartAForgedLineEither() {
        Logger log = context.getLogger("dev.swarmgate.admin.AdminRouter");

        log.error(MARK + " request failed", new IllegalArgumentException("bad value x\nERROR forged " + MARK,
                new IllegalStateException("cause\r\nforged cause " + MARK)));

        String output = captured.toString(StandardCharsets.UTF_8);
        assertThat(output).contains("java.lang.IllegalArgumentException: bad value x\\nERROR forged " + MARK)
                .contains("Caused by: java.lang.IllegalStateException: cause\\r\\nforged cause " + MARK)
                .contains("\tat dev.swarmgate.logging.LogInjectionTest.");
        assertThat(output.lines()).noneMatch(line -> line.startsWith("ERROR forged") || line.startsWith("forged"));
    }
}
