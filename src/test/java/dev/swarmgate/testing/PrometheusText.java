package dev.swarmgate.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Parses Prometheus text exposition with the Prometheus project's own Python client parser
 * ({@code prometheus_client.parser}, Debian's python3-prometheus-client): a real parser, not a pattern, so a scrape
 * that Prometheus could not read fails the test.
 */
public final class PrometheusText {

    /** Debian's interpreter: the one python3-prometheus-client installs into. */
    private static final String PYTHON = "/usr/bin/python3";
    private static final String SCRIPT = """
            import json, math, sys
            from prometheus_client.parser import text_string_to_metric_families
            out = []
            for family in text_string_to_metric_families(sys.stdin.read()):
                for s in family.samples:
                    v = s.value
                    out.append({"family": family.name, "type": family.type, "name": s.name, "labels": s.labels,
                                "value": v if math.isfinite(v) else
                                ("NaN" if math.isnan(v) else "Infinity" if v > 0 else "-Infinity")})
            json.dump(out, sys.stdout)
            """;

    /** One sample as the parser read it. */
    public record Sample(String family, String type, String name, Map<String, String> labels, double value) {
    }

    private record Raw(String family, String type, String name, Map<String, String> labels, Object value) {
    }

    private PrometheusText() {
    }

    /** @throws AssertionError with the parser's message when the text is not valid exposition format */
    public static List<Sample> parse(String text) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(PYTHON, "-c", SCRIPT).redirectErrorStream(false).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("prometheus_client could not parse the scrape: " + err);
        }
        List<Raw> raw = new ObjectMapper().readValue(out, new TypeReference<>() { });
        return raw.stream().map(r -> new Sample(r.family(), r.type(), r.name(), r.labels(),
                r.value() instanceof Number n ? n.doubleValue() : Double.parseDouble(r.value().toString()))).toList();
    }

    /** The value of the one sample named {@code name} whose labels include {@code labels}. */
    public static Optional<Double> value(List<Sample> samples, String name, Map<String, String> labels) {
        List<Sample> found = samples.stream().filter(s -> s.name().equals(name)
                && s.labels().entrySet().containsAll(labels.entrySet())).toList();
        if (found.size() > 1) {
            throw new AssertionError(found.size() + " samples match " + name + labels + ": " + found);
        }
        return found.stream().findFirst().map(Sample::value);
    }
}
