package dev.swarmgate.proxy.http;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StickyCookieTest {

    @Test
    void takesOurCookieAndForwardsTheOthersUnchanged() {
        HttpHeaders headers = new DefaultHttpHeaders().add(HttpHeaderNames.COOKIE, "a=1; go-demo=0123abcd; b=\"x y\"");
        assertThat(StickyCookie.take(headers, "go-demo")).isEqualTo("0123abcd");
        assertThat(headers.getAll(HttpHeaderNames.COOKIE)).containsExactly("a=1; b=\"x y\"");
    }

    @Test
    void removesTheHeaderWhenOurCookieWasTheOnlyOne() {
        HttpHeaders headers = new DefaultHttpHeaders().add(HttpHeaderNames.COOKIE, "go-demo=\"0123abcd\"");
        assertThat(StickyCookie.take(headers, "go-demo")).isEqualTo("0123abcd");
        assertThat(headers.contains(HttpHeaderNames.COOKIE)).isFalse();
    }

    @Test
    void leavesHeadersAloneWithoutOurCookie() {
        HttpHeaders headers = new DefaultHttpHeaders().add(HttpHeaderNames.COOKIE, "go-demo-x=1;go-demox=2");
        assertThat(StickyCookie.take(headers, "go-demo")).isNull();
        assertThat(headers.get(HttpHeaderNames.COOKIE)).isEqualTo("go-demo-x=1;go-demox=2");
    }

    @Test
    void takesTheFirstOfSeveralAndStripsAllOfThem() {
        HttpHeaders headers = new DefaultHttpHeaders().add(HttpHeaderNames.COOKIE, "go-demo=first")
                .add(HttpHeaderNames.COOKIE, "c=3; go-demo=second");
        assertThat(StickyCookie.take(headers, "go-demo")).isEqualTo("first");
        assertThat(headers.getAll(HttpHeaderNames.COOKIE)).containsExactly("c=3");
    }

    @Test
    void setsAnHttpOnlyRootCookieThatCachesMustNotStore() {
        HttpHeaders headers = new DefaultHttpHeaders();
        StickyCookie.set(headers, "go-demo", "0123abcd");
        assertThat(headers.get(HttpHeaderNames.SET_COOKIE)).isEqualTo("go-demo=0123abcd; Path=/; HttpOnly");
        assertThat(headers.get(HttpHeaderNames.CACHE_CONTROL)).isEqualTo("no-cache=\"set-cookie\"");
    }
}
