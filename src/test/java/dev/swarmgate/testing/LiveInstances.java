package dev.swarmgate.testing;

import javax.management.JMException;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How many objects of a class this JVM still holds after a full collection: the JVM's own class histogram (what
 * {@code jcmd <pid> GC.class_histogram} prints), read through its diagnostic command MBean. For leak tests of code
 * that runs in the test's JVM.
 */
public final class LiveInstances {

    private LiveInstances() {
    }

    /**
     * Waits up to 20 s (closing is asynchronous on the proxy's side) until no instance of {@code className} is
     * reachable; fails naming the class and the count otherwise.
     */
    public static void awaitNoneLeft(String className, String what) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(of(className))
                .as("%s (%s) still in the heap", what, className).isZero());
    }

    /** The number of reachable instances of the class named {@code className} (binary name), 0 if none. */
    public static long of(String className) {
        String histogram;
        try {
            histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
        } catch (JMException e) {
            throw new IllegalStateException("the JVM's class histogram is not available", e);
        }
        // Rows: "   12:        105656        5071488  dev.swarmgate.proxy.tcp.TcpIdleTimeout"
        for (String row : histogram.split("\n")) {
            String[] columns = row.trim().split("\\s+");
            if (columns.length >= 4 && columns[3].equals(className)) {
                return Long.parseLong(columns[1]);
            }
        }
        return 0;
    }
}
