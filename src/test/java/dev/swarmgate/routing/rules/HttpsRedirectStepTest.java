package dev.swarmgate.routing.rules;

import dev.swarmgate.config.HttpsRedirect;
import dev.swarmgate.config.HttpsRedirect.When;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The Location, status and conditions of the HTTPS redirects. */
class HttpsRedirectStepTest {

    private static LocalReply reply(HttpsRedirectStep step, RequestView request) {
        StepResult result = step.apply(request);
        assertThat(result).isInstanceOf(LocalReply.class);
        return (LocalReply) result;
    }

    private static String location(LocalReply reply) {
        return reply.headers().stream().filter(header -> header.name().equals("Location")).findFirst()
                .orElseThrow().value();
    }

    private static HttpsRedirectStep step(int status, When when) {
        return new HttpsRedirectStep(new HttpsRedirect(status, when));
    }

    @ParameterizedTest
    @CsvSource({
            "example.com,         /a/b?x=1&y=2, https://example.com/a/b?x=1&y=2",
            "example.com:8080,    /a,           https://example.com/a",
            "Example.COM,         /,            https://Example.COM/",
            "'[2001:db8::1]:80',  /v6?q,        'https://[2001:db8::1]/v6?q'",
            "'[2001:db8::1]',     /v6,          'https://[2001:db8::1]/v6'"})
    void locationIsTheSameUrlOverHttpsWithoutTheHostsPort(String host, String target, String expected) {
        LocalReply reply = reply(step(302, When.PLAIN_CONNECTION), HeaderRequestView.of("GET", target)
                .with("Host", host));

        assertThat(location(reply)).isEqualTo(expected);
    }

    @Test
    void aRequestWithoutHostIsSentToTheAddressItConnectedTo() {
        assertThat(location(reply(step(302, When.PLAIN_CONNECTION), HeaderRequestView.of("GET", "/x"))))
                .isEqualTo("https://192.0.2.9/x");
    }

    @Test
    void tlsRequestsAreNotRedirected() {
        assertThat(step(302, When.PLAIN_CONNECTION).apply(HeaderRequestView.of("GET", "/").with("Host", "a")
                .overTls())).isSameAs(StepResult.PROCEED);
    }

    @Test
    void temporaryRedirectsCarryNoCacheAsHAProxysDoAndPermanentOnesDoNot() {
        RequestView request = HeaderRequestView.of("GET", "/").with("Host", "a");

        LocalReply found = reply(step(302, When.PLAIN_CONNECTION), request);
        LocalReply moved = reply(step(301, When.PLAIN_CONNECTION), request);

        assertThat(found.status()).isEqualTo(302);
        assertThat(found.headers()).contains(new LocalReply.Header("Cache-Control", "no-cache"));
        assertThat(found.body()).isEmpty();
        assertThat(moved.status()).isEqualTo(301);
        assertThat(moved.headers()).extracting(LocalReply.Header::name).containsExactly("Location");
    }

    @ParameterizedTest
    @CsvSource({"http, true", "HTTP, true", "'https, http', true", "https, false", "'', false"})
    void whenHttpProtoRedirectsWhenSomeForwardedProtoElementIsHttp(String proto, boolean redirected) {
        StepResult result = step(302, When.FORWARDED_PROTO_HTTP)
                .apply(HeaderRequestView.of("GET", "/").with("Host", "a").with("X-Forwarded-Proto", proto));

        assertThat(result instanceof LocalReply).isEqualTo(redirected);
    }

    @Test
    void whenHttpProtoLeavesARequestWithoutTheHeaderAlone() {
        assertThat(step(302, When.FORWARDED_PROTO_HTTP).apply(HeaderRequestView.of("GET", "/").with("Host", "a")))
                .isSameAs(StepResult.PROCEED);
    }

    @ParameterizedTest
    @CsvSource({"http, true", "'', true", "https, false", "HTTPS, false", "'http, https', false"})
    void unlessHttpsProtoRedirectsUnlessSomeForwardedProtoElementIsHttps(String proto, boolean redirected) {
        StepResult result = step(307, When.FORWARDED_PROTO_NOT_HTTPS)
                .apply(HeaderRequestView.of("GET", "/").with("Host", "a").with("X-Forwarded-Proto", proto));

        assertThat(result instanceof LocalReply).isEqualTo(redirected);
    }

    @Test
    void unlessHttpsProtoRedirectsARequestWithoutTheHeader() {
        assertThat(reply(step(307, When.FORWARDED_PROTO_NOT_HTTPS), HeaderRequestView.of("GET", "/p")
                .with("Host", "a")).status()).isEqualTo(307);
    }

    @Test
    void onlyThePlainConnectionKindIsARouteStep() {
        List<RequestStep> steps = RulesCompiler.compile(List.of(new HttpsRedirect(302, When.FORWARDED_PROTO_HTTP),
                new HttpsRedirect(302, When.FORWARDED_PROTO_NOT_HTTPS)), Optional.empty()).request();

        assertThat(steps).isEmpty();
    }
}
