package dev.swarmgate.testing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CurlTest {

    @Test
    void splitsOutputIntoFinalHeadAndBody() {
        Curl.Result result = new Curl.Result(0,
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nX-A: 1\r\nX-A: 2\r\n\r\nbody\n", "");

        Curl.Response response = result.response();

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.head().headerValues("x-a")).containsExactly("1", "2");
        assertThat(response.body()).isEqualTo("body\n");
    }

    @Test
    void reportsConnectionRefusedAsExitCodeSeven() {
        Curl.Result result = Curl.run("http://127.0.0.1:" + FreePort.pick() + "/");

        assertThat(result.exitCode()).isEqualTo(7);
        assertThat(result.stderr()).contains("Failed to connect");
    }
}
