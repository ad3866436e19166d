package dev.swarmgate.routing;

import com.sun.management.ThreadMXBean;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

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
