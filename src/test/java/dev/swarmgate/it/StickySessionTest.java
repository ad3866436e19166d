package dev.swarmgate.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code sessionType=sticky-server} through the real data plane: one service name standing for three real backends
 * (127.0.0.1-3, same port), a real HTTP client carrying the cookie the way a browser would.
 */
class StickySessionTest {

    private static final String SERVICE = "sticky";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** Every Cookie header any backend received. */
    private final Queue<String> cookiesSeen = new ConcurrentLinkedQueue<>();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private LoopbackTrio trio;

    @BeforeEach
    void start() throws Exception {
        trio = new LoopbackTrio(SERVICE, true,
                exchange -> exchange.getRequestHeaders().getOrDefault("Cookie", List.of()).forEach(cookiesSeen::add));
    }

    @AfterEach
    void stop() {
        client.close();
        trio.close();
    }

    @Test
    void cookiePinsAClientToItsBackendUntilThatBackendGoesAwayWhileOtherClientsStay() {
        HttpResponse<String> first = get(null);
        assertThat(first.statusCode()).isEqualTo(200);
        String cookie = setCookie(first);
        assertThat(first.headers().firstValue("set-cookie")).hasValue(SERVICE + "=" + cookie + "; Path=/; HttpOnly");
        assertThat(first.headers().allValues("cache-control")).contains("no-cache=\"set-cookie\"");
        assertThat(cookie).doesNotContain("127.0.0");
        String pinned = first.body();

        for (int i = 0; i < 20; i++) {
            HttpResponse<String> again = get(cookie);
            assertThat(again.body()).as("request %d with the cookie", i).isEqualTo(pinned);
            assertThat(again.headers().firstValue("set-cookie")).as("a kept cookie is not set again").isEmpty();
        }

        // Without a cookie the algorithm spreads; remember one cookie per backend.
        Map<String, String> cookieOf = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            HttpResponse<String> fresh = get(null);
            cookieOf.put(fresh.body(), setCookie(fresh));
        }
        assertThat(cookieOf).as("backends reached without a cookie").hasSize(3);
        assertThat(cookieOf.get(pinned)).isEqualTo(cookie);
        Set<String> ids = new HashSet<>(cookieOf.values());
        assertThat(ids).as("each backend has its own id").hasSize(3);

        String other = cookieOf.keySet().stream().filter(backend -> !backend.equals(pinned)).findFirst().orElseThrow();
        trio.stopBackend(Integer.parseInt(pinned));

        HttpResponse<String> moved = get(cookie);
        assertThat(moved.statusCode()).as("the first request after its backend went away").isEqualTo(200);
        assertThat(moved.body()).isNotEqualTo(pinned);
        String newCookie = setCookie(moved);
        assertThat(newCookie).isNotEqualTo(cookie).isEqualTo(cookieOf.get(moved.body()));
        for (int i = 0; i < 10; i++) {
            assertThat(get(newCookie).body()).as("the moved client stays on its new backend").isEqualTo(moved.body());
            HttpResponse<String> kept = get(cookieOf.get(other));
            assertThat(kept.body()).as("a client of a running backend keeps it").isEqualTo(other);
            assertThat(kept.headers().firstValue("set-cookie")).isEmpty();
        }
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(get(cookie).statusCode()).isEqualTo(200));

        assertThat(cookiesSeen).as("Cookie headers the backends received").isNotEmpty()
                .allSatisfy(header -> assertThat(header).isEqualTo("theme=dark"));
    }

    @Test
    void cookieOfAnotherProxyOrAnUnknownIdIsReplaced() {
        HttpResponse<String> response = get("go-demo_0");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(setCookie(response)).matches("[0-9a-f]{16}");
    }

    private HttpResponse<String> get(String cookie) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + trio.listenerPort() + "/")).timeout(TIMEOUT);
        if (cookie != null) {
            request.header("Cookie", "theme=dark; " + SERVICE + "=" + cookie);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The id the response's Set-Cookie gives (fails when there is none). */
    private static String setCookie(HttpResponse<String> response) {
        String header = response.headers().firstValue("set-cookie").orElseThrow(
                () -> new AssertionError("no Set-Cookie in " + response.headers().map()));
        assertThat(header).startsWith(SERVICE + "=");
        return header.substring(SERVICE.length() + 1, header.indexOf(';'));
    }
}
