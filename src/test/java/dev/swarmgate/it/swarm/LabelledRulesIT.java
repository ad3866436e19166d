package dev.swarmgate.it.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmgate.testing.Curl;
import dev.swarmgate.testing.swarm.Poll;
import dev.swarmgate.testing.swarm.ProxyService;
import dev.swarmgate.testing.swarm.Service;
import dev.swarmgate.testing.swarm.ServiceSpec;
import dev.swarmgate.testing.swarm.Swarm;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Docker Flow Proxy's HTTP rules set as labels on a real Swarm service: {@code com.df.users} guards it with basic
 * authentication and {@code com.df.reqPathSearchReplace} rewrites the path its task receives.
 */
@Tag("swarm")
class LabelledRulesIT {

    private static final Duration POLL = Duration.ofMillis(50);

    @RegisterExtension
    static final Swarm swarm = new Swarm();

    static ProxyService proxy;

    @BeforeAll
    static void startProxy() {
        proxy = ProxyService.start(swarm, ProxyService.spec("proxy").env("SWARM_DISCOVERY", "on"));
    }

    @Test
    void usersAndPathRewriteLabelsGuardTheServiceAndRewriteWhatItsTaskReceives() {
        String path = swarm.path("guarded");
        Service guarded = swarm.create(ServiceSpec.routedBackend("guarded", path)
                .label("com.df.users", "admin:s3cret")
                .label("com.df.reqPathSearchReplace", path + "/,/"));

        Poll.until("401 on " + path + " (the service is routed and guarded)", POLL, Service.DEFAULT_WAIT,
                () -> proxy.send(path + "/users?page=2"), answer -> answer.status() == 401, swarm::diagnostics);
        Curl.Response refused = Curl.run(Duration.ofSeconds(5), "-i", proxy.url(path + "/users")).response();
        assertThat(refused.head().headerValues("WWW-Authenticate")).as(() -> "the 401's challenge\n"
                + swarm.diagnostics()).containsExactly("Basic realm=\"" + guarded.name() + "Realm\"");
        Curl.Response wrong = Curl.run(Duration.ofSeconds(5), "-i", "-u", "admin:wrong",
                proxy.url(path + "/users")).response();
        assertThat(wrong.status()).as(() -> "a wrong password\n" + swarm.diagnostics()).isEqualTo(401);

        // The 401 needs no task; the 200 comes once the task runs and the proxy has seen it.
        guarded.awaitRunning(1);
        Curl.Response admitted = Poll.until("200 with the right password", POLL, Service.DEFAULT_WAIT,
                () -> Curl.run(Duration.ofSeconds(5), "-i", "-u", "admin:s3cret", proxy.url(path + "/users?page=2"))
                        .response(), response -> response.status() == 200, swarm::diagnostics).value();
        assertThat(admitted.body()).as("what the task saw").contains("path=/users");
        assertThat(guarded.logLines()).as(() -> "request lines the task logged\n" + swarm.diagnostics())
                .anyMatch(line -> line.startsWith("request GET /users"))
                .noneMatch(line -> line.startsWith("request GET " + path));
    }
}
