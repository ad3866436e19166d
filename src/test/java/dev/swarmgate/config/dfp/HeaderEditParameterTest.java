package dev.swarmgate.config.dfp;

import dev.swarmgate.config.DomainMatch;
import dev.swarmgate.config.HeaderEdit;
import dev.swarmgate.config.HeaderEdit.Action;
import dev.swarmgate.config.HeaderEdit.Direction;
import dev.swarmgate.config.HeaderEdit.TlsCondition;
import dev.swarmgate.config.HeaderValue;
import dev.swarmgate.config.HeaderValue.Fetch;
import dev.swarmgate.config.HeaderValue.Literal;
import dev.swarmgate.config.HeaderValue.SampleFetch;
import dev.swarmgate.config.HttpRule;
import dev.swarmgate.config.InvalidServiceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static dev.swarmgate.config.dfp.Parsing.rejection;
import static dev.swarmgate.config.dfp.Parsing.spec;
import static org.assertj.core.api.Assertions.assertThat;

/** The header list parameters as typed header edits: HAProxy words, log-format values, ssl_fc conditions. */
class HeaderEditParameterTest {

    private static final String BASE = "serviceName=a&servicePath=/&port=80&";

    private static List<HttpRule> rules(String parameters) throws InvalidServiceException {
        return spec(BASE + parameters).destinations().getFirst().rules();
    }

    private static HeaderEdit edit(String parameters) throws InvalidServiceException {
        List<HttpRule> rules = rules(parameters);
        assertThat(rules).hasSize(1);
        return (HeaderEdit) rules.getFirst();
    }

    private static HeaderValue value(String parameters) throws InvalidServiceException {
        return edit(parameters).value();
    }

    @Test
    void aLiteralValue() throws InvalidServiceException {
        assertThat(edit("addResHeader=X-Served-By swarmgate")).isEqualTo(new HeaderEdit(Direction.RESPONSE,
                Action.ADD, "X-Served-By", HeaderValue.literal("swarmgate"), TlsCondition.ALWAYS));
    }

    @Test
    void everyParameterHasItsDirectionAndAction() throws InvalidServiceException {
        List<HttpRule> rules = rules("delResHeader=X-F&delReqHeader=X-E&setResHeader=X-D 4&addResHeader=X-C 3"
                + "&setReqHeader=X-B 2&addReqHeader=X-A 1");
        assertThat(rules).as("in the order DFP writes them into the backend").extracting(
                rule -> ((HeaderEdit) rule).direction() + " " + ((HeaderEdit) rule).action() + " "
                        + ((HeaderEdit) rule).name()).containsExactly(
                "REQUEST ADD X-A", "REQUEST SET X-B", "RESPONSE ADD X-C", "RESPONSE SET X-D", "REQUEST DELETE X-E",
                "RESPONSE DELETE X-F");
    }

    @Test
    void theDeprecatedNamesAreRequestEditsUsedOnlyWithoutTheirSuccessor() throws InvalidServiceException {
        assertThat(edit("addHeader=X-A 1").direction()).isEqualTo(Direction.REQUEST);
        assertThat(edit("setHeader=X-A 1").action()).isEqualTo(Action.SET);
        assertThat(edit("addHeader=X-Old 1&addReqHeader=X-New 2").name()).isEqualTo("X-New");
    }

    @Test
    void listsSplitOnTheSeparator() throws InvalidServiceException {
        assertThat(rules("addReqHeader=X-Forwarded-Port %[dst_port],X-Forwarded-Ssl on if { ssl_fc }"))
                .containsExactly(
                        new HeaderEdit(Direction.REQUEST, Action.ADD, "X-Forwarded-Port",
                                new HeaderValue(List.of(new Fetch(SampleFetch.DST_PORT, null))), TlsCondition.ALWAYS),
                        new HeaderEdit(Direction.REQUEST, Action.ADD, "X-Forwarded-Ssl", HeaderValue.literal("on"),
                                TlsCondition.IF_TLS));
    }

    @Test
    void fetchesAndLiteralsMix() throws InvalidServiceException {
        assertThat(value("setReqHeader=X-Client %[src]:%[src_port]/%ci:%cp->%fi:%fp;%%;%[ssl_fc]").parts())
                .containsExactly(new Fetch(SampleFetch.SRC, null), new Literal(":"),
                        new Fetch(SampleFetch.SRC_PORT, null), new Literal("/"), new Fetch(SampleFetch.SRC, null),
                        new Literal(":"), new Fetch(SampleFetch.SRC_PORT, null), new Literal("->"),
                        new Fetch(SampleFetch.DST, null), new Literal(":"), new Fetch(SampleFetch.DST_PORT, null),
                        new Literal(";%;"), new Fetch(SampleFetch.SSL_FC, null));
    }

    @Test
    void headerFetchesFollowTheDirection() throws InvalidServiceException {
        assertThat(value("setReqHeader=X-Host %[req.hdr(Host)]").parts())
                .containsExactly(new Fetch(SampleFetch.REQUEST_HEADER, "Host"));
        assertThat(value("setReqHeader=X-Host %[hdr(Host)]").parts())
                .containsExactly(new Fetch(SampleFetch.REQUEST_HEADER, "Host"));
        assertThat(value("setResHeader=X-Type %[hdr(Content-Type)]").parts())
                .as("hdr() is res.hdr() on a response, as in HAProxy")
                .containsExactly(new Fetch(SampleFetch.RESPONSE_HEADER, "Content-Type"));
        assertThat(value("setResHeader=X-Type %[res.hdr(Content-Type)]").parts())
                .containsExactly(new Fetch(SampleFetch.RESPONSE_HEADER, "Content-Type"));
        assertThat(value("setResHeader=X-Id %[req.hdr(X-Request-Id)]").parts())
                .containsExactly(new Fetch(SampleFetch.REQUEST_HEADER, "X-Request-Id"));
    }

    @Test
    void wholeLineHeaderFetches() throws InvalidServiceException {
        assertThat(value("setReqHeader=X-UA %[req.fhdr(User-Agent)]").parts())
                .containsExactly(new Fetch(SampleFetch.REQUEST_FULL_HEADER, "User-Agent"));
        assertThat(value("setResHeader=X-Date %[fhdr(Date)]").parts())
                .containsExactly(new Fetch(SampleFetch.RESPONSE_FULL_HEADER, "Date"));
        assertThat(rejection(BASE + "setReqHeader=X-Date %[res.fhdr(Date)]").getMessage())
                .contains("a request has no response headers yet");
    }

    @Test
    void envHostnameIsReadOnce() throws InvalidServiceException {
        String hostname = System.getenv("HOSTNAME");
        assertThat(value("addResHeader=X-Via %[env(HOSTNAME)]")).isEqualTo(
                hostname == null || hostname.isEmpty() ? HeaderValue.EMPTY : HeaderValue.literal(hostname));
    }

    @Test
    void quotedValuesHoldSpaces() throws InvalidServiceException {
        assertThat(value("setResHeader=Server \"my proxy\"")).isEqualTo(HeaderValue.literal("my proxy"));
        assertThat(value("setResHeader=Server 'a %[src]'")).isEqualTo(new HeaderValue(List.of(new Literal("a "),
                new Fetch(SampleFetch.SRC, null))));
        assertThat(value("setResHeader=Server my\\ proxy")).isEqualTo(HeaderValue.literal("my proxy"));
        assertThat(value("setResHeader=X-Empty \"\"")).isEqualTo(HeaderValue.EMPTY);
        // As DFP's maintainer suggested it (vfarcic/docker-flow-proxy#353).
        assertThat(value("setResHeader=Strict-Transport-Security \"max-age=16000000; includeSubDomains; preload;\""))
                .isEqualTo(HeaderValue.literal("max-age=16000000; includeSubDomains; preload;"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "X-A on if { ssl_fc }       | IF_TLS",
            "X-A on unless { ssl_fc }   | UNLESS_TLS",
            "X-A on if !{ ssl_fc }      | UNLESS_TLS",
            "X-A on if ! { ssl_fc }     | UNLESS_TLS",
            "X-A on unless !{ ssl_fc }  | IF_TLS",
            "X-A on                     | ALWAYS"})
    void tlsConditions(String item, TlsCondition condition) throws InvalidServiceException {
        assertThat(edit("addReqHeader=" + item).condition()).isEqualTo(condition);
    }

    @Test
    void aDeleteTakesANameAndMaybeACondition() throws InvalidServiceException {
        assertThat(edit("delReqHeader=X-Debug unless { ssl_fc }")).isEqualTo(new HeaderEdit(Direction.REQUEST,
                Action.DELETE, "X-Debug", HeaderValue.EMPTY, TlsCondition.UNLESS_TLS));
    }

    @Test
    void hostMaySetOnRequests() throws InvalidServiceException {
        assertThat(edit("setReqHeader=Host internal.example").name()).isEqualTo("Host");
        assertThat(edit("setResHeader=Host x").name()).isEqualTo("Host");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "addReqHeader=X-A %[path]               | uses %[path]: Swarmgate does not evaluate this fetch",
            "addReqHeader=X-A %[req.hdr()]          | name the header",
            "addReqHeader=X-A %[src(1)]             | takes no argument",
            "addReqHeader=X-A %[res.hdr(Server)]    | a request has no response headers yet",
            "addResHeader=X-A %[env(ADMIN_PASSWORD)] | only env(HOSTNAME) is supported",
            "addReqHeader=X-A %[src                 | has an unclosed %[src",
            "addReqHeader=X-A 100%                  | ends with a lone %",
            "addReqHeader=X-A %T                    | uses %T, which Swarmgate does not evaluate",
            "addReqHeader=X-A %{+Q}[src]            | log-format options",
            "addReqHeader=X-A                       | X-A has no value",
            "addReqHeader=X-A if { ssl_fc }         | X-A has no value",
            "addReqHeader=X-A my proxy              | the value of X-A is more than one word",
            "addReqHeader=X-A on if { path_beg /a } | has the condition 'if { path_beg /a }'",
            "addReqHeader=X-A on if ssl_fc          | has the condition 'if ssl_fc'",
            "addReqHeader=X-A \"open                | has an unclosed \" quote",
            "addReqHeader=X(A) 1                    | 'X...' is not a header name",
            "addReqHeader=X-Key:s3cr3t              | 'X-Key...' is not a header name",
            "addReqHeader=Content-Length 0          | Content-Length is a framing or hop-by-hop header",
            "setResHeader=transfer-encoding chunked | transfer-encoding is a framing or hop-by-hop header",
            "delResHeader=Connection                | Connection is a framing or hop-by-hop header",
            "setReqHeader=Upgrade h2c               | Upgrade is a framing or hop-by-hop header",
            "addReqHeader=Host evil.example         | adding a second Host makes the request invalid",
            "delReqHeader=Host                      | an HTTP/1.1 request must carry a Host",
            "setReqHeader=Expect 100-continue       | answers Expect: 100-continue itself",
            "delReqHeader=X-A -m beg                | X-A is followed by more words",
            "addHeader=X-A %[url]                   | uses %[url]"})
    void badValuesAreRefusedNamingTheParameter(String parameter, String message) {
        InvalidServiceException e = rejection(BASE + parameter);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).startsWith("serviceName a: " + parameter.substring(0, parameter.indexOf('=')) + ": ")
                .contains(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "addReqHeader=X-A %[src,ipmask(24)]      | uses %[src,ipmask(24)]: converters",
            "addReqHeader=X-A %[req.hdr(Host),lower] | uses %[req.hdr(Host),lower]: converters",
            "addReqHeader=X-A %[req.hdr(Host,1)]     | an occurrence number is not supported"})
    void expressionsWithCommasNeedAnotherSeparator(String parameter, String message) {
        assertThat(rejection(Query.settings(";", DomainMatch.PREFIX, false), BASE + parameter).getMessage())
                .startsWith("serviceName a: addReqHeader: ").contains(message);
    }

    @Test
    void withTheDefaultSeparatorACommaSplitsAnExpression() {
        assertThat(rejection(BASE + "addReqHeader=X-A %[src,ipmask(24)]").getMessage())
                .contains("has an unclosed %[src").contains("SEPARATOR");
    }

    @Test
    void lineBreaksAndControlCharactersAreRefused() {
        assertThat(rejection(BASE + "addReqHeader=X-A a\r\nX-Injected: 1").getMessage())
                .startsWith("serviceName a: addReqHeader: an item holds a line break (CR or LF)");
        assertThat(rejection(BASE + "setResHeader=X-A a\nb").getMessage()).contains("line break");
        assertThat(rejection(BASE + "setResHeader=X-A a\u0000b").getMessage()).contains("control character U+0000");
        assertThat(rejection(BASE + "setResHeader=X-A caf\u00e9").getMessage()).contains("non-ASCII character U+00E9");
    }

    @Test
    void aRefusalDoesNotEchoTheValue() {
        assertThat(rejection(BASE + "setReqHeader=Authorization Basic czNjcjN0 extra").getMessage())
                .doesNotContain("czNjcjN0");
        assertThat(rejection(BASE + "setReqHeader=X-Key:s3cr3t").getMessage()).doesNotContain("s3cr3t");
    }
}
