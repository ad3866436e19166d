package dev.swarmgate.it;

import dev.swarmgate.testing.NginxBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin API against the real proxy.gateway(). The admin unit tests (dev.swarmgate.admin) cover the reply codes with a
 * store alone; these check that what the API says matches what the listeners do.
 */
class AdminApiTest {

    @RegisterExtension
    static final NginxBackend nginx = new NginxBackend("n");

    @RegisterExtension
    final GatewayPerTest proxy = new GatewayPerTest();

    @Test
    void aSuccessfulReconfigureAnswersDfpsReplyShapeAndTheRouteIsAlreadyLive() {
        GatewayUnderTest.Reply reply = proxy.gateway().reconfigure(
                "serviceName=go-demo&servicePath=/demo&port=" + nginx.port() + "&outboundHostname=127.0.0.1");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).contains("\"Status\":\"OK\"").contains("\"Message\":")
                .contains("\"ServiceName\":\"go-demo\"");
        assertThat(proxy.gateway().get("/demo/x").statusCode()).isEqualTo(200);
    }

    @Test
    void rejectedReconfiguresChangeNothingOnTheListeners() {
        GatewayUnderTest.Reply noName = proxy.gateway().reconfigure("servicePath=/demo&port=" + nginx.port());
        GatewayUnderTest.Reply noPath = proxy.gateway().reconfigure("serviceName=demo&port=" + nginx.port());

        assertThat(noName.status()).isEqualTo(400);
        assertThat(noName.body()).contains("serviceName");
        assertThat(noPath.status()).isEqualTo(409);
        assertThat(noPath.body()).contains("servicePath");
        assertThat(proxy.gateway().get("/demo").statusCode()).isEqualTo(503);
    }

    @Test
    void configAsTextListsTheLiveRouteRule() {
        proxy.gateway().route("go-demo", nginx.port(), "servicePath=/demo");

        GatewayUnderTest.Reply config = proxy.gateway().admin("/v1/docker-flow-proxy/config");

        assertThat(config.status()).isEqualTo(200);
        assertThat(config.body()).containsPattern("go-demo-be" + nginx.port() + "_0 +path_beg /demo +-> 127\\.0\\.0\\.1:"
                + nginx.port());
    }

    @Test
    void zeroReplicasRemovesTheRoute() {
        proxy.gateway().route("go-demo", nginx.port(), "servicePath=/demo");
        assertThat(proxy.gateway().get("/demo").statusCode()).isEqualTo(200);

        // as the Swarm Listener sends it: the service's parameters, with replicas=0
        GatewayUnderTest.Reply reply = proxy.gateway().reconfigure("serviceName=go-demo&servicePath=/demo&port="
                + nginx.port() + "&outboundHostname=127.0.0.1&replicas=0");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).contains("\"Status\":\"OK\"");
        assertThat(proxy.gateway().get("/demo").statusCode()).isEqualTo(503);
        assertThat(proxy.gateway().admin("/v1/docker-flow-proxy/config").body()).doesNotContain("path_beg /demo");
    }

    @Test
    void removeTakesTheRouteOffTheListener() {
        proxy.gateway().route("go-demo", nginx.port(), "servicePath=/demo");

        assertThat(proxy.gateway().remove("go-demo").status()).isEqualTo(200);

        assertThat(proxy.gateway().get("/demo").statusCode()).isEqualTo(503);
    }
}
