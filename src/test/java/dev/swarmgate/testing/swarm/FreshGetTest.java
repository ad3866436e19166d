package dev.swarmgate.testing.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmgate.testing.FreePort;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Reading responses without Docker: what counts as a complete answer for the swarm scenarios' request counts. */
class FreshGetTest {

    @Test
    void readsStatusAndBodyOfALengthDelimitedResponse() {
        FreshGet.Answer answer = FreshGet.parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");

        assertThat(answer.ok()).isTrue();
        assertThat(answer.body()).isEqualTo("hello");
        assertThat(answer.failure()).isNull();
    }

    @Test
    void joinsTheChunksOfAChunkedBody() {
        FreshGet.Answer answer = FreshGet.parse("HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\n"
                + "\r\n3\r\nno \r\n5\r\nroute\r\n0\r\n\r\n");

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.body()).isEqualTo("no route");
    }

    @Test
    void aBodyCutShortIsAFailureNotAnAnswer() {
        assertThat(FreshGet.parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello").status()).isZero();
        assertThat(FreshGet.parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel").status()).isZero();
        assertThat(FreshGet.parse("HTTP/1.1 200 OK\r\nContent-Le").failure()).contains("not a complete HTTP response");
        assertThat(FreshGet.parse("").failure()).contains("connection closed without a byte");
    }

    @Test
    void aRefusedConnectionIsAFailureWithItsCause() {
        FreshGet.Answer answer = FreshGet.send(FreePort.pick(), "/", Duration.ofSeconds(1));

        assertThat(answer.status()).isZero();
        assertThat(answer.describe()).startsWith("no response: ").contains("Connection refused");
    }
}
