package dev.swarmgate.it;

import dev.swarmgate.testing.NginxBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With two thousand services, a request still reaches the service Docker Flow Proxy's rule order picks (aclName
 * order, first match wins), not merely one whose path matches: the route table looks rules up by the request path
 * instead of trying each, and these are the cases where that could pick the wrong one.
 */
class ManyServicesRoutingTest {

    private static final int SERVICES = 2_000;

    @RegisterExtension
    static final NginxBackend backend = new NginxBackend("a");

    private static GatewayUnderTest proxy;

    @BeforeAll
    static void startWithManyServices() {
        Map<String, String> env = new HashMap<>();
        int n = 0;
        for (int i = 1; i <= SERVICES; i++) {
            n = define(env, n, "svc-" + i, "svc-" + i, "/svc-" + i + "/", null);
        }
        // Last in aclName order, and a prefix of the paths of svc-1, svc-10..svc-19, svc-100..: they come first.
        n = define(env, n, "catch", "zzz-catch", "/svc-1", null);
        // First in aclName order, so they win over the services whose paths they extend.
        n = define(env, n, "special", "0-special", "/svc-1500/special", null);
        n = define(env, n, "short", "0-short", "/svc-1998", null);
        n = define(env, n, "exact", "0-exact", "/svc-7/exact", "path");
        n = define(env, n, "regex", "0-regex", "^/svc-9[0-9]*/r$", "path_reg");
        n = define(env, n, "suffix", "0-suffix", ".png", "path_end");
        proxy = GatewayUnderTest.start(env);
        assertThat(n).isEqualTo(SERVICES + 6);
    }

    /** {@code DFP_SERVICE_<n>_*} for one service on the backend; the response names it in {@code X-Service}. */
    private static int define(Map<String, String> env, int n, String name, String aclName, String path,
                              String pathType) {
        String prefix = "DFP_SERVICE_" + (n + 1) + "_";
        env.put(prefix + "SERVICE_NAME", name);
        env.put(prefix + "ACL_NAME", aclName);
        env.put(prefix + "SERVICE_PATH", path);
        env.put(prefix + "PORT", String.valueOf(backend.port()));
        env.put(prefix + "OUTBOUND_HOSTNAME", "127.0.0.1");
        env.put(prefix + "ADD_RES_HEADER", "X-Service " + name);
        if (pathType != null) {
            env.put(prefix + "PATH_TYPE", pathType);
        }
        return n + 1;
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }

    /** The service that answered, or the proxy's status when none did. */
    private static String serviceFor(String path) {
        HttpResponse<String> response = proxy.get(path);
        return response.headers().firstValue("X-Service").orElse(String.valueOf(response.statusCode()));
    }

    @Test
    void everyServiceIsReachedOnItsOwnPath() {
        for (int i = 1; i <= SERVICES; i += 37) {
            assertThat(serviceFor("/svc-" + i + "/x")).isEqualTo("svc-" + i);
        }
        assertThat(serviceFor("/svc-" + SERVICES + "/")).isEqualTo("svc-" + SERVICES);
    }

    @Test
    void ofSeveralMatchingServicesTheFirstInAclNameOrderWins() {
        assertThat(serviceFor("/svc-10/")).as("svc-10 sorts before zzz-catch").isEqualTo("svc-10");
        assertThat(serviceFor("/svc-1x")).as("only catch's prefix matches").isEqualTo("catch");
        assertThat(serviceFor("/svc-1500/special/more")).isEqualTo("special");
        assertThat(serviceFor("/svc-1500/other")).isEqualTo("svc-1500");
        assertThat(serviceFor("/svc-1998/")).as("a shorter prefix earlier in the order").isEqualTo("short");
    }

    @Test
    void exactRegexAndSuffixPathsTakeTheirTurnInTheSameOrder() {
        assertThat(serviceFor("/svc-7/exact")).isEqualTo("exact");
        assertThat(serviceFor("/svc-7/exact/more")).as("path=, not a prefix").isEqualTo("svc-7");
        assertThat(serviceFor("/svc-99/r")).isEqualTo("regex");
        assertThat(serviceFor("/svc-99/rr")).isEqualTo("svc-99");
        assertThat(serviceFor("/svc-42/logo.png")).isEqualTo("suffix");
        assertThat(serviceFor("/elsewhere/logo.png")).isEqualTo("suffix");
    }

    @Test
    void aPathNoServiceClaimsGetsA503() {
        assertThat(serviceFor("/svc-")).isEqualTo("503");
        assertThat(serviceFor("/")).isEqualTo("503");
        assertThat(serviceFor("/other")).isEqualTo("503");
    }
}
