package dev.swarmgate.routing.rules;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** HAProxy's {@code hdr()} view of a header: every line, every comma-separated element, trimmed. */
class HeaderElementsTest {

    private static final String[] THREE = {"3"};

    @Test
    void equalsMatchesAnyLineAndAnyElement() {
        assertThat(HeaderElements.anyEquals(List.of("3"), THREE, false)).isTrue();
        assertThat(HeaderElements.anyEquals(List.of("1", "2, 3 "), THREE, false)).isTrue();
        assertThat(HeaderElements.anyEquals(List.of("\t3\t,4"), THREE, false)).isTrue();
        assertThat(HeaderElements.anyEquals(List.of("33", "3a", " 4"), THREE, false)).isFalse();
        assertThat(HeaderElements.anyEquals(List.of(), THREE, false)).isFalse();
    }

    @Test
    void equalsHonoursLetterCaseUnlessAskedNotTo() {
        String[] expected = {"Viktor"};
        assertThat(HeaderElements.anyEquals(List.of("viktor"), expected, false)).isFalse();
        assertThat(HeaderElements.anyEquals(List.of("viktor"), expected, true)).isTrue();
    }

    @Test
    void anEmptyElementCanMatchNothingButAnEmptyExpectation() {
        assertThat(HeaderElements.anyEquals(List.of(",,"), THREE, false)).isFalse();
    }

    @Test
    void containsIgnoresCaseAndLooksInsideEachElement() {
        String[] fragments = {"googlebot", "iPhone"};
        assertThat(HeaderElements.anyContainsIgnoreCase(List.of("Mozilla/5.0 (compatible; Googlebot/2.1)"),
                fragments)).isTrue();
        assertThat(HeaderElements.anyContainsIgnoreCase(List.of("Mozilla/5.0 (IPHONE; CPU)"), fragments)).isTrue();
        assertThat(HeaderElements.anyContainsIgnoreCase(List.of("curl/8.5"), fragments)).isFalse();
    }

    @Test
    void containsDoesNotSpanACommaAsHAProxyDoesNot() {
        assertThat(HeaderElements.anyContainsIgnoreCase(List.of("(KHTML, like Gecko)"), new String[]{"KHTML,"}))
                .isFalse();
        assertThat(HeaderElements.anyContainsIgnoreCase(List.of("(KHTML, like Gecko)"), new String[]{"like"}))
                .isTrue();
    }
}
