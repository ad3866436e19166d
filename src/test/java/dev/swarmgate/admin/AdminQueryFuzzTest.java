package dev.swarmgate.admin;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the query string of {@code reconfigure} and {@code remove} as it arrives at the real admin server over
 * loopback: Netty's request decoding, percent-decoding, the DFP parser, the store and the {@code distribute=true}
 * fan-out. Whatever the query, the answer is a JSON DFP reply below 500 (docs/fuzzing.md).
 */
class AdminQueryFuzzTest {

    /** Longer queries (a control byte goes out as three) mostly meet the 4096-byte request-line limit: a 400. */
    private static final int MAX_QUERY = 2048;
    private static final String HEX = "0123456789ABCDEF";

    private static FuzzedAdminApi api;

    @BeforeAll
    static void start() throws InterruptedException {
        api = new FuzzedAdminApi();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    /** The input is the raw query: reconfigure with it, then remove with it, as a client would send them. */
    @FuzzTest(maxDuration = "60s")
    void reconfigureThenRemove(byte[] query) {
        if (query.length > MAX_QUERY) {
            return;
        }
        // The query as the server receives it, one char per byte as Netty's request decoder reads it.
        String sent = new String(asSent(query), StandardCharsets.ISO_8859_1);
        api.reset();
        for (String endpoint : new String[] {"/reconfigure?", "/remove?"}) {
            FuzzedAdminApi.Reply reply = api.get((FuzzedAdminApi.DFP + endpoint + sent)
                    .getBytes(StandardCharsets.ISO_8859_1));
            assertThat(reply.status()).as("%s%s answered %s", endpoint, sent, reply.body())
                    .isBetween(200, 499);
        }
    }

    /**
     * The query a client would put on the wire: bytes that cannot appear in a request line (controls, space, DEL)
     * percent-encoded as a client does, every other byte, {@code %} included, as the fuzzer made it.
     */
    private static byte[] asSent(byte[] query) {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        for (byte b : query) {
            int c = b & 0xFF;
            if (c <= 0x20 || c == 0x7F) {
                sent.write('%');
                sent.write(HEX.charAt(c >> 4));
                sent.write(HEX.charAt(c & 0xF));
            } else {
                sent.write(c);
            }
        }
        return sent.toByteArray();
    }
}
