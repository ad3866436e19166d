package dev.swarmgate.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo end to end: backends, proxy and registration through the admin API. Needs the real parser, compiler and
 * gateway, so it passes only once those are merged.
 */
class DemoCommandTest {

    @Test
    void demoPrintsReadyAndRoutesBothServicesToTheirBackends() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (DemoCommand.Demo ignored = new DemoCommand().start(new PrintStream(printed, true, StandardCharsets.UTF_8));
             HttpClient client = HttpClient.newHttpClient()) {
            String banner = printed.toString(StandardCharsets.UTF_8);
            assertThat(banner).contains(DemoCommand.READY);
            Matcher hello = Pattern.compile("curl -i (http://127\\.0\\.0\\.1:\\d+)/demo/hello").matcher(banner);
            assertThat(hello.find()).isTrue();
            String proxy = hello.group(1);

            HttpResponse<String> demo = client.send(HttpRequest.newBuilder(URI.create(proxy + "/demo/hello")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> other = client.send(HttpRequest.newBuilder(URI.create(proxy + "/other/hello")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(demo.body()).isEqualTo("hello from demo backend 1\n");
            assertThat(other.body()).isEqualTo("hello from demo backend 2\n");
        }
    }
}
