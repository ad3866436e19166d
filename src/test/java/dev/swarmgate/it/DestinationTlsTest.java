package dev.swarmgate.it;

import dev.swarmgate.testing.FreePort;
import dev.swarmgate.testing.Nginx;
import dev.swarmgate.testing.NginxBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-destination TLS parameters through the running gateway with real nginx backends: {@code httpsPort} and
 * {@code srcHttpsPort} route by the listener port a request arrived on, {@code denyHttp} stays on the port entry,
 * {@code sslVerifyNone} speaks TLS to a backend (nginx with a self-signed certificate) over pooled connections that
 * a plain route never gets, and {@code verifyClientSsl} refuses a request without a client certificate.
 */
class DestinationTlsTest {

    @RegisterExtension
    static final NginxBackend plain = new NginxBackend("plain");
    @RegisterExtension
    static final NginxBackend httpsSide = new NginxBackend("https-side");
    @RegisterExtension
    static final NginxBackend tls = new NginxBackend(() -> Nginx.builder("tls").tls().start());
    @RegisterExtension
    static final NginxBackend tlsWithProxyHeader = new NginxBackend(() -> Nginx.builder("tls-pp").tls().proxyProtocol()
            .location("location = /pp { return 200 \"$proxy_protocol_addr $ssl_protocol\\n\"; }").start());

    private GatewayUnderTest gateway;
    private int srcPort;
    private int srcHttpsPort;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private GatewayUnderTest startWithTwoPorts() {
        srcPort = FreePort.pick();
        srcHttpsPort = FreePort.pick();
        gateway = GatewayUnderTest.start(Map.of("DEFAULT_PORTS", srcPort + "," + srcHttpsPort));
        return gateway;
    }

    private HttpResponse<String> get(int listenerPort, String path) {
        return gateway.get(GatewayUnderTest.url(gateway.boundPort(listenerPort), path));
    }

    private String routeWithHttpsPort(String extra) {
        return "serviceName=hp&outboundHostname=127.0.0.1&servicePath=/x&port=" + plain.port() + "&srcPort=" + srcPort
                + "&httpsPort=" + httpsSide.port() + "&srcHttpsPort=" + srcHttpsPort + extra;
    }

    @Test
    void httpsPortTakesTheRequestsOfSrcHttpsPortAndPortThoseOfSrcPort() {
        startWithTwoPorts().route(routeWithHttpsPort(""));

        assertThat(get(srcPort, "/x").headers().firstValue("X-Backend")).hasValue("plain");
        assertThat(get(srcHttpsPort, "/x").headers().firstValue("X-Backend")).hasValue("https-side");
    }

    @Test
    void denyHttpGuardsThePortEntryOnly() {
        startWithTwoPorts().route(routeWithHttpsPort("&denyHttp=true"));

        assertThat(get(srcPort, "/x").statusCode()).isEqualTo(403);
        HttpResponse<String> https = get(srcHttpsPort, "/x");
        assertThat(https.statusCode()).isEqualTo(200);
        assertThat(https.headers().firstValue("X-Backend")).hasValue("https-side");
    }

    @Test
    void httpsPortAloneLeavesSrcPortUnrouted() {
        startWithTwoPorts().route("serviceName=hp&outboundHostname=127.0.0.1&servicePath=/x&httpsPort="
                + httpsSide.port() + "&srcHttpsPort=" + srcHttpsPort);

        assertThat(get(srcPort, "/x").statusCode()).isEqualTo(503);
        assertThat(get(srcHttpsPort, "/x").headers().firstValue("X-Backend")).hasValue("https-side");
    }

    @Test
    void sslVerifyNoneSpeaksTlsToTheBackendWithHttp11Alpn() {
        gateway = GatewayUnderTest.start();
        gateway.route("secure", tls.port(), "servicePath=/s&sslVerifyNone=true");

        HttpResponse<String> response = gateway.get("/s/page");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("nginx GET /s/page\n");
        assertThat(response.headers().firstValue("X-Seen-Tls")).hasValueSatisfying(
                version -> assertThat(version).startsWith("TLSv1."));
        assertThat(response.headers().firstValue("X-Seen-Alpn")).hasValue("http/1.1");
    }

    @Test
    void sslVerifyNoneSendsTheBackendHostAsServerName() {
        gateway = GatewayUnderTest.start();
        gateway.route("serviceName=named&outboundHostname=localhost&port=" + tls.port()
                + "&servicePath=/n&sslVerifyNone=true");

        HttpResponse<String> response = gateway.get("/n");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Seen-Sni")).hasValue("localhost");
    }

    @Test
    void tlsConnectionsAreReusedAndNeverHandedToAPlainRoute() {
        gateway = GatewayUnderTest.start();
        gateway.route("secure", tls.port(), "servicePath=/s&sslVerifyNone=true");
        gateway.route("careless", tls.port(), "servicePath=/p");

        String first = gateway.get("/s/1").headers().firstValue("X-Seen-Conn").orElseThrow();
        assertThat(gateway.get("/s/2").headers().firstValue("X-Seen-Conn")).as("the pooled TLS connection")
                .hasValue(first);
        // nginx answers a plain request on its TLS port with 400: the plain route opened a plain connection.
        assertThat(gateway.get("/p").statusCode()).isEqualTo(400);
        HttpResponse<String> again = gateway.get("/s/3");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("X-Seen-Conn")).hasValue(first);
    }

    @Test
    void sendProxyGoesInClearBeforeTheTlsHandshake() {
        gateway = GatewayUnderTest.start();
        gateway.route("pp", tlsWithProxyHeader.port(), "servicePath=/pp&sslVerifyNone=true&sendProxy=v2");

        HttpResponse<String> response = gateway.get("/pp");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("127.0.0.1 TLSv1.");
    }

    @Test
    void envServicesTakeTheSameParameters() {
        int other = FreePort.pick();
        srcPort = FreePort.pick();
        gateway = GatewayUnderTest.start(Map.of("DEFAULT_PORTS", srcPort + "," + other,
                "DFP_SERVICE_SERVICE_NAME", "env-tls", "DFP_SERVICE_OUTBOUND_HOSTNAME", "127.0.0.1",
                "DFP_SERVICE_SERVICE_PATH", "/e", "DFP_SERVICE_PORT", String.valueOf(plain.port()),
                "DFP_SERVICE_SRC_PORT", String.valueOf(srcPort), "DFP_SERVICE_HTTPS_PORT", String.valueOf(tls.port()),
                "DFP_SERVICE_SRC_HTTPS_PORT", String.valueOf(other), "DFP_SERVICE_SSL_VERIFY_NONE", "true"));

        HttpResponse<String> overTls = get(other, "/e");
        assertThat(overTls.statusCode()).isEqualTo(200);
        assertThat(overTls.headers().firstValue("X-Backend")).hasValue("tls");
        // sslVerifyNone reaches both entries: the plain nginx cannot answer a TLS handshake.
        assertThat(get(srcPort, "/e").statusCode()).isEqualTo(502);
    }

    @Test
    void aBackendThatDoesNotSpeakTlsIsA502() {
        gateway = GatewayUnderTest.start();
        gateway.route("wrong", plain.port(), "servicePath=/w&sslVerifyNone=true");

        assertThat(gateway.get("/w").statusCode()).isEqualTo(502);
    }

    @Test
    void verifyClientSslRefusesARequestWithoutAClientCertificate() {
        gateway = GatewayUnderTest.start();
        gateway.route("guarded", plain.port(), "servicePath=/g&verifyClientSsl=true");
        gateway.route("open", plain.port(), "servicePath=/o");

        HttpResponse<String> refused = gateway.get("/g");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("X-Backend")).isEmpty();
        assertThat(gateway.get("/o").statusCode()).isEqualTo(200);
    }
}
