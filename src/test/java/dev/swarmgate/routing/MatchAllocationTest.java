package dev.swarmgate.routing;

import com.sun.management.ThreadMXBean;
import dev.swarmgate.config.RequestCondition;
import dev.swarmgate.routing.rules.HeaderRequestView;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;

import static dev.swarmgate.routing.Specs.compile;
import static dev.swarmgate.routing.Specs.domain;
import static dev.swarmgate.routing.Specs.path;
import static dev.swarmgate.routing.Specs.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** match() runs on every request: without regex rules it must not allocate. */
class MatchAllocationTest {

    @Test
    void matchWithoutRegexRulesDoesNotAllocate() {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);
        RouteTable table = compile(
                service("a-api", path(8080, "/api", "/v2").domains("api.example.com", "example.com")),
                service("b-demo", path(8080, "/demo").excludes("/demo/private")),
                service("c-web", domain(80, "Example.ORG"))).table(80);
        String[][] requests = {
                {"EXAMPLE.com:8080", "/api/users"}, {"[::1]:80", "/demo/x"}, {"www.example.org", "/"},
                {null, "/nowhere"}, {"example.org:443", "/demo/private/y"}};
        long sink = 0;
        for (int i = 0; i < 20_000; i++) {
            sink += run(table, requests);
        }

        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            sink += run(table, requests);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(sink).isEqualTo(30_000L * 3);
        assertThat(allocated).as("bytes allocated by 50,000 matches").isLessThan(4_096);
    }

    @Test
    void headerConditionsAndTheRedirectCheckDoNotAllocate() {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);
        RouteTable table = compile(
                service("a-v2", path(8080, "/api").conditions(new RequestCondition.HeaderEquals("X-Version",
                        List.of("2")), new RequestCondition.UserAgentContains(List.of("bot", "iphone")))),
                service("b-api", path(8080, "/api"))).table(80);
        HeaderRequestView[] requests = {
                HeaderRequestView.of("GET", "/api").with("X-Version", "1, 2").with("User-Agent", "Mozilla (iPhone)"),
                HeaderRequestView.of("GET", "/api").with("User-Agent", "curl/8"),
                HeaderRequestView.of("GET", "/api")};
        long sink = 0;
        for (int i = 0; i < 20_000; i++) {
            sink += run(table, requests);
        }

        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            sink += run(table, requests);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(sink).isEqualTo(30_000L * 4);
        // One object per match would be 480 kB; what remains is compilation noise.
        assertThat(allocated).as("bytes allocated by 30,000 matches").isLessThan(16_384);
    }

    private static int run(RouteTable table, HeaderRequestView[] requests) {
        int matched = 0;
        for (HeaderRequestView request : requests) {
            if (table.redirectBeforeRouting(request) == null) {
                matched++;
            }
            Route route = table.match(null, "/api", request);
            if (route != null && route.serviceName().equals("a-v2")) {
                matched++;
            }
        }
        return matched;
    }

    private static int run(RouteTable table, String[][] requests) {
        int matched = 0;
        for (String[] request : requests) {
            if (table.match(request[0], request[1]) != null) {
                matched++;
            }
        }
        return matched;
    }
}
