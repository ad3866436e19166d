package dev.swarmgate.routing.rules;

import dev.swarmgate.config.HeaderEdit;
import dev.swarmgate.config.HeaderEdit.Action;
import dev.swarmgate.config.HeaderEdit.Direction;
import dev.swarmgate.config.HeaderEdit.TlsCondition;
import dev.swarmgate.config.HeaderValue;
import dev.swarmgate.config.HeaderValue.Fetch;
import dev.swarmgate.config.HeaderValue.Literal;
import dev.swarmgate.config.HeaderValue.SampleFetch;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HeaderEditStepTest {

    private static HeaderEdit request(Action action, String name, HeaderValue value, TlsCondition condition) {
        return new HeaderEdit(Direction.REQUEST, action, name, value, condition);
    }

    private static HeaderEdit response(Action action, String name, HeaderValue value) {
        return new HeaderEdit(Direction.RESPONSE, action, name, value, TlsCondition.ALWAYS);
    }

    private static HeaderValue parts(HeaderValue.Part... parts) {
        return new HeaderValue(List.of(parts));
    }

    @Test
    void addKeepsExistingLinesSetReplacesThemDeleteRemovesThem() {
        MessageViews.Request message = new MessageViews.Request("/");
        message.addHeader("X-A", "old");
        message.addHeader("X-B", "old");
        message.addHeader("X-C", "old");
        new RequestHeaderEdit(request(Action.ADD, "x-a", HeaderValue.literal("new"), TlsCondition.ALWAYS))
                .apply(message);
        new RequestHeaderEdit(request(Action.SET, "x-b", HeaderValue.literal("new"), TlsCondition.ALWAYS))
                .apply(message);
        new RequestHeaderEdit(request(Action.DELETE, "x-c", HeaderValue.EMPTY, TlsCondition.ALWAYS)).apply(message);

        assertThat(message.headers("X-A")).containsExactly("old", "new");
        assertThat(message.headers("X-B")).containsExactly("new");
        assertThat(message.headers("X-C")).isEmpty();
    }

    @Test
    void connectionFetchesAreEvaluatedPerRequest() {
        MessageViews.Request message = new MessageViews.Request("/");
        new RequestHeaderEdit(request(Action.SET, "X-Client", parts(new Fetch(SampleFetch.SRC, null),
                new Literal(":"), new Fetch(SampleFetch.SRC_PORT, null), new Literal(" -> "),
                new Fetch(SampleFetch.DST, null), new Literal(":"), new Fetch(SampleFetch.DST_PORT, null),
                new Literal(" tls="), new Fetch(SampleFetch.SSL_FC, null)), TlsCondition.ALWAYS)).apply(message);

        assertThat(message.header("X-Client")).isEqualTo("192.0.2.7:50123 -> 198.51.100.1:8080 tls=0");
    }

    @Test
    void aSingleFetchIsTheValueAndAnAbsentHeaderIsEmpty() {
        MessageViews.Request message = new MessageViews.Request("/");
        message.addHeader("Host", "first.example");
        message.addHeader("Host", "last.example");
        new RequestHeaderEdit(request(Action.SET, "X-Host", parts(new Fetch(SampleFetch.REQUEST_HEADER, "host")),
                TlsCondition.ALWAYS)).apply(message);
        new RequestHeaderEdit(request(Action.SET, "X-None", parts(new Fetch(SampleFetch.REQUEST_HEADER, "x-none")),
                TlsCondition.ALWAYS)).apply(message);

        assertThat(message.header("X-Host")).as("the last occurrence, as HAProxy's hdr()").isEqualTo("last.example");
        assertThat(message.headers("X-None")).containsExactly("");
    }

    @Test
    void hdrTakesTheLastCommaSeparatedValueAndFhdrTheWholeLineAsHaproxy() {
        MessageViews.Request message = new MessageViews.Request("/");
        message.addHeader("X-Forwarded-For", "10.0.0.1");
        message.addHeader("X-Forwarded-For", "10.0.0.2,  10.0.0.3 ");
        new RequestHeaderEdit(request(Action.SET, "X-Last", parts(new Fetch(SampleFetch.REQUEST_HEADER,
                "X-Forwarded-For")), TlsCondition.ALWAYS)).apply(message);
        new RequestHeaderEdit(request(Action.SET, "X-Line", parts(new Fetch(SampleFetch.REQUEST_FULL_HEADER,
                "X-Forwarded-For")), TlsCondition.ALWAYS)).apply(message);

        assertThat(message.header("X-Last")).isEqualTo("10.0.0.3");
        assertThat(message.header("X-Line")).isEqualTo("10.0.0.2,  10.0.0.3 ");
    }

    @Test
    void aLiteralValueIsOneSharedString() {
        HeaderValueTemplate template = HeaderValueTemplate.of(parts(new Literal("a"), new Literal("b")));
        MessageViews.Request message = new MessageViews.Request("/");
        assertThat(template.render(message, null)).isEqualTo("ab").isSameAs(template.render(message, null));
    }

    @Test
    void tlsConditionsOnAPlainAndATlsRequest() {
        HeaderEdit ifTls = request(Action.ADD, "X-If", HeaderValue.literal("1"), TlsCondition.IF_TLS);
        HeaderEdit unlessTls = request(Action.ADD, "X-Unless", HeaderValue.literal("1"), TlsCondition.UNLESS_TLS);
        MessageViews.Request plain = new MessageViews.Request("/");
        MessageViews.Request tls = new MessageViews.Request("/");
        tls.tls = true;
        for (MessageViews.Request message : List.of(plain, tls)) {
            new RequestHeaderEdit(ifTls).apply(message);
            new RequestHeaderEdit(unlessTls).apply(message);
        }

        assertThat(plain.headers("X-If")).isEmpty();
        assertThat(plain.headers("X-Unless")).containsExactly("1");
        assertThat(tls.headers("X-If")).containsExactly("1");
        assertThat(tls.headers("X-Unless")).isEmpty();
    }

    @Test
    void responseEditsSeeTheResponseAndTheRequest() {
        MessageViews.Request request = new MessageViews.Request("/");
        request.addHeader("X-Request-Id", "r-1");
        MessageViews.Response message = new MessageViews.Response();
        message.addHeader("Server", "backend");
        message.addHeader("X-Internal", "secret");
        new ResponseHeaderEdit(response(Action.ADD, "X-Echo", parts(new Literal("id="),
                new Fetch(SampleFetch.REQUEST_HEADER, "X-Request-Id"), new Literal(" server="),
                new Fetch(SampleFetch.RESPONSE_HEADER, "Server")))).apply(request, message);
        new ResponseHeaderEdit(response(Action.SET, "Server", HeaderValue.literal("swarmgate")))
                .apply(request, message);
        new ResponseHeaderEdit(response(Action.DELETE, "x-internal", HeaderValue.EMPTY)).apply(request, message);

        assertThat(message.header("X-Echo")).isEqualTo("id=r-1 server=backend");
        assertThat(message.headers("Server")).containsExactly("swarmgate");
        assertThat(message.headers("X-Internal")).isEmpty();
    }

    @Test
    void theCompilerKeepsTheEditsInTheirGivenOrderAfterTheRewrites() {
        RouteRules rules = RulesCompiler.compile(List.of(
                request(Action.ADD, "X-A", HeaderValue.literal("1"), TlsCondition.ALWAYS),
                new dev.swarmgate.config.PathRewrite("^/a", "/b"),
                request(Action.DELETE, "X-A", HeaderValue.EMPTY, TlsCondition.ALWAYS),
                response(Action.ADD, "X-R", HeaderValue.literal("1"))), java.util.Optional.empty());

        assertThat(rules.request()).hasExactlyElementsOfTypes(PathRewriteStep.class, RequestHeaderEdit.class,
                RequestHeaderEdit.class);
        assertThat(rules.response()).hasExactlyElementsOfTypes(ResponseHeaderEdit.class);
        MessageViews.Request message = new MessageViews.Request("/a");
        rules.request().forEach(step -> step.apply(message));
        assertThat(message.uri).isEqualTo("/b");
        assertThat(message.headers("X-A")).as("the delete runs after the add, as DFP writes them").isEmpty();
    }
}
