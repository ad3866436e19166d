package dev.swarmgate.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonArrayElementsTest {

    private static JsonArrayElements of(String json) {
        return JsonArrayElements.of(json.getBytes(StandardCharsets.UTF_8)).orElseThrow();
    }

    @Test
    void theSameElementsInAnotherOrderAreEqual() {
        assertThat(of("[{\"ID\":\"a\",\"N\":[1,2]},{\"ID\":\"b\"},[3]]"))
                .isEqualTo(of("[ [3] ,\n {\"ID\":\"b\"}, {\"ID\":\"a\",\"N\":[1,2]} ]"));
    }

    @Test
    void oneChangedByteMakesThemDiffer() {
        assertThat(of("[{\"ID\":\"a\",\"State\":\"running\"},{\"ID\":\"b\"}]"))
                .isNotEqualTo(of("[{\"ID\":\"a\",\"State\":\"runninG\"},{\"ID\":\"b\"}]"))
                .isNotEqualTo(of("[{\"ID\":\"a\",\"State\":\"running\"}]"))
                .isNotEqualTo(of("[{\"ID\":\"a\",\"State\":\"running\"},{\"ID\":\"b\"},{\"ID\":\"b\"}]"));
    }

    @Test
    void bracesAndEscapedQuotesInsideStringsDoNotSplitElements() {
        assertThat(of("[{\"L\":\"}],[{\\\"x\"},{\"ID\":\"b\"}]"))
                .isEqualTo(of("[{\"ID\":\"b\"},{\"L\":\"}],[{\\\"x\"}]"))
                .isNotEqualTo(of("[{\"L\":\"}]\"},{\"ID\":\"b\"}]"));
    }

    @Test
    void anEmptyArrayHasNoElements() {
        assertThat(of("[]")).isEqualTo(of(" [ ] ")).isNotEqualTo(of("[{}]"));
    }

    @Test
    void whatIsNotAnArrayOfObjectsIsNotSplit() {
        for (String body : new String[] {"{\"message\":\"x\"}", "[1,2]", "[\"a\"]", "[{}", "[{}]]", "[][]", "",
                "[{\"a\":\"unclosed}]"}) {
            assertThat(JsonArrayElements.of(body.getBytes(StandardCharsets.UTF_8))).as(body).isEmpty();
        }
    }
}
