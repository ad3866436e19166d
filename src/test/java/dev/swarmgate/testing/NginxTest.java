package dev.swarmgate.testing;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

class NginxTest {

    @Test
    void answersWithMethodAndUriAndNamesItself() {
        try (Nginx nginx = Nginx.start("alpha")) {
            Curl.Response response = Curl.include("-X", "PUT", nginx.url("/some/path?q=1"));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("nginx PUT /some/path?q=1\n");
            assertThat(response.head().header("X-Backend")).hasValue("alpha");
        }
    }

    @Test
    void echoesForwardingHeadersItReceived() {
        try (Nginx nginx = Nginx.start("beta")) {
            Curl.Response response = Curl.include(nginx.url("/"),
                    "-H", "Host: example.com:8080", "-H", "X-Forwarded-For: 10.0.0.1",
                    "-H", "X-Forwarded-Proto: https", "-H", "X-Forwarded-Host: example.com",
                    "-H", "X-Forwarded-Port: 443", "-H", "Connection: keep-alive");

            ResponseHead head = response.head();
            assertThat(head.header("X-Seen-Host")).hasValue("example.com:8080");
            assertThat(head.header("X-Seen-XFF")).hasValue("10.0.0.1");
            assertThat(head.header("X-Seen-Proto")).hasValue("https");
            assertThat(head.header("X-Seen-Fwd-Host")).hasValue("example.com");
            assertThat(head.header("X-Seen-Fwd-Port")).hasValue("443");
            assertThat(head.header("X-Seen-Connection")).hasValue("keep-alive");
        }
    }

    @Test
    void servesStaticFilesAndExtraLocations() throws Exception {
        try (Nginx nginx = Nginx.builder("gamma").location("location = /gone { return 410; }").start()) {
            Files.writeString(nginx.staticRoot().resolve("hello.txt"), "static hello\n");

            Curl.Response file = Curl.include(nginx.url("/static/hello.txt"));
            Curl.Response gone = Curl.include(nginx.url("/gone"));

            assertThat(file.status()).isEqualTo(200);
            assertThat(file.body()).isEqualTo("static hello\n");
            assertThat(gone.status()).isEqualTo(410);
            assertThat(gone.head().header("X-Backend")).hasValue("gamma");
        }
    }

    @Test
    void twoBackendsGetDifferentPortsAndCloseFreesThePort() {
        int port;
        try (Nginx one = Nginx.start("one"); Nginx two = Nginx.start("two")) {
            assertThat(one.port()).isNotEqualTo(two.port());
            assertThat(Curl.include(two.url("/")).head().header("X-Backend")).hasValue("two");
            port = one.port();
        }
        Curl.Result afterClose = Curl.run("http://127.0.0.1:" + port + "/");
        assertThat(afterClose.exitCode()).as("curl exit code (7 = connection refused)").isEqualTo(7);
    }
}
