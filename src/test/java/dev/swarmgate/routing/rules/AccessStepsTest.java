package dev.swarmgate.routing.rules;

import dev.swarmgate.config.ClientCertificateRequirement;
import dev.swarmgate.config.HttpRule;
import dev.swarmgate.config.HttpsRedirect;
import dev.swarmgate.config.MethodFilter;
import dev.swarmgate.config.PlainHttpDenial;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** MethodCheck, PlainHttpCheck and ClientCertificateCheck, compiled through RulesCompiler as the route gets them. */
class AccessStepsTest {

    private static RequestStep only(HttpRule rule) {
        List<RequestStep> steps = RulesCompiler.compile(List.of(rule), Optional.empty()).request();
        assertThat(steps).hasSize(1);
        return steps.getFirst();
    }

    private static int status(StepResult result) {
        return result instanceof LocalReply reply ? reply.status() : 0;
    }

    @Test
    void allowedMethodsLetTheListedMethodsThroughAndRefuseOthersWith403() {
        RequestStep step = only(new MethodFilter(List.of("GET", "HEAD"), true));

        assertThat(step.apply(HeaderRequestView.of("GET", "/"))).isSameAs(StepResult.PROCEED);
        assertThat(step.apply(HeaderRequestView.of("HEAD", "/"))).isSameAs(StepResult.PROCEED);
        assertThat(status(step.apply(HeaderRequestView.of("POST", "/")))).isEqualTo(403);
    }

    @Test
    void methodsAreCaseSensitiveAsRfc9110Says() {
        RequestStep step = only(new MethodFilter(List.of("GET"), true));

        assertThat(status(step.apply(HeaderRequestView.of("get", "/")))).isEqualTo(403);
    }

    @Test
    void deniedMethodsRefuseTheListedMethodsWith403() {
        RequestStep step = only(new MethodFilter(List.of("DELETE"), false));

        assertThat(status(step.apply(HeaderRequestView.of("DELETE", "/")))).isEqualTo(403);
        assertThat(step.apply(HeaderRequestView.of("GET", "/"))).isSameAs(StepResult.PROCEED);
    }

    @Test
    void denyHttpRefusesPlainHttpAndLetsTlsThrough() {
        RequestStep step = only(new PlainHttpDenial());

        assertThat(status(step.apply(HeaderRequestView.of("GET", "/")))).isEqualTo(403);
        assertThat(step.apply(HeaderRequestView.of("GET", "/").overTls())).isSameAs(StepResult.PROCEED);
    }

    @Test
    void verifyClientSslRefusesWithoutAVerifiedClientCertificate() {
        RequestStep step = only(new ClientCertificateRequirement());

        assertThat(status(step.apply(HeaderRequestView.of("GET", "/")))).as("plain").isEqualTo(403);
        assertThat(status(step.apply(HeaderRequestView.of("GET", "/").overTls()))).as("TLS, no certificate")
                .isEqualTo(403);
        assertThat(step.apply(HeaderRequestView.of("GET", "/").withVerifiedClientCertificate()))
                .isSameAs(StepResult.PROCEED);
    }

    @Test
    void clientCertificateIsCheckedAfterTheHttpsRedirect() {
        List<RequestStep> steps = RulesCompiler.compile(List.of(new ClientCertificateRequirement(),
                new HttpsRedirect(302, HttpsRedirect.When.PLAIN_CONNECTION)), Optional.empty()).request();

        assertThat(steps).hasSize(2);
        assertThat(steps.getFirst()).isInstanceOf(HttpsRedirectStep.class);
        assertThat(steps.get(1)).isInstanceOf(ClientCertificateCheck.class);
    }

    @Test
    void accessRulesAreCheckedAfterTheHttpsRedirectAsInDfpsBackend() {
        List<RequestStep> steps = RulesCompiler.compile(List.of(new PlainHttpDenial(),
                new HttpsRedirect(302, HttpsRedirect.When.PLAIN_CONNECTION)),
                Optional.empty()).request();

        assertThat(steps).hasSize(2);
        assertThat(steps.getFirst()).isInstanceOf(HttpsRedirectStep.class);
    }
}
