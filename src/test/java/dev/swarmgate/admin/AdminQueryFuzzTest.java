package dev.swarmgate.admin;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
        // Issue 7 item 6: a malformed %-escape (x=%ZZ, x=%4) is answered 500 until its fix lands; the reproducers
        // stay in AdminQueryFuzzTestInputs/reconfigureThenRemove/ (known-*). Remove this skip with the fix. (A
        // JUnit assumption would do, but Jazzer's regression mode reports an aborted input as a finding.)
        if (!decodesAsQuery(sent)) {
            return;
        }
        // Found by this target, reported with issue 7: with distribute=true, a query holding a character that
        // java.net.URI refuses (a raw non-ASCII byte, |, {, ", ^, ...) makes ReplicaFanOut's URI.create throw, and
        // the request is answered 500 "Internal error". Reproducers: known-distribute-uri-*. Remove with the fix.
        if (sent.toLowerCase(Locale.ROOT).contains("distribute") && !isUriQuery(sent)) {
            return;
        }
        // Found by this target, reported with issue 7: ReplicaFanOut.notDistributed drops the distribute pairs it
        // finds by splitting on & and URL-decoding the text before the first =, while Netty's decoder also splits
        // on ; and skips a leading = (x;distribute=true, =distribute=true). Such a pair survives the rewrite, so
        // remove (which reads the first distribute value) distributes again on every replica, without end, until
        // something gives out (here class loading failed after about 25,000 requests in 15 s). Reproducers:
        // known-remove-distribute-loop-*. Remove with the fix.
        if (distributesAgain(sent)) {
            return;
        }
        api.reset();
        for (String endpoint : new String[] {"/reconfigure?", "/remove?"}) {
            FuzzedAdminApi.Reply reply = api.get((FuzzedAdminApi.DFP + endpoint + sent)
                    .getBytes(StandardCharsets.ISO_8859_1));
            assertThat(reply.status()).as("%s%s answered %s", endpoint, sent, reply.body())
                    .isBetween(200, 499);
        }
    }

    /** Whether Netty's decoder accepts the query (it throws on a malformed %-escape). */
    private static boolean decodesAsQuery(String query) {
        try {
            new QueryStringDecoder("/?" + query).parameters();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Whether a replica would distribute {@code remove} again after the fan-out's rewrite: the rewrite as
     * ReplicaFanOut.notDistributed does it, then the replica's reading (the first value, Go's ParseBool).
     */
    private static boolean distributesAgain(String query) {
        List<String> kept = new ArrayList<>();
        for (String pair : query.split("&")) {
            String name = pair.split("=", 2)[0];
            try {
                name = URLDecoder.decode(name, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                // kept as it is, as the fan-out does
            }
            if (!pair.isEmpty() && !name.toLowerCase(Locale.ROOT).equals("distribute")) {
                kept.add(pair);
            }
        }
        kept.add("distribute=false");
        List<String> values = new QueryStringDecoder("/?" + String.join("&", kept)).parameters().get("distribute");
        return values != null && List.of("1", "t", "T", "TRUE", "true", "True").contains(values.getFirst());
    }

    /** Whether java.net.URI accepts the query as it is. */
    private static boolean isUriQuery(String query) {
        try {
            URI.create("http://127.0.0.1/?" + query);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
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
