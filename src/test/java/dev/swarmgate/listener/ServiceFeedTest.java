package dev.swarmgate.listener;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The feed's versions and long polls, without HTTP (ListenerApiTest covers the wire). */
class ServiceFeedTest {

    private static final Map<String, String> A = Map.of("serviceName", "a");
    private static final Map<String, String> B = Map.of("serviceName", "b");

    @Test
    void aPollBehindTheCurrentVersionIsAnsweredAtOnce() {
        ServiceFeed feed = new ServiceFeed(500);
        feed.publish(List.of(A));

        CompletableFuture<ServiceFeed.Version> poll = feed.after(0, Duration.ofSeconds(30));

        assertThat(poll).isCompletedWithValue(new ServiceFeed.Version(500, List.of(A)));
    }

    @Test
    void aCurrentPollIsHeldUntilTheSetChanges() throws Exception {
        ServiceFeed feed = new ServiceFeed(500);
        feed.publish(List.of(A));

        CompletableFuture<ServiceFeed.Version> poll = feed.after(500, Duration.ofSeconds(30));
        assertThat(poll).isNotDone();
        feed.publish(List.of(A)); // the same set: no news
        assertThat(poll).isNotDone();
        feed.publish(List.of(A, B));

        assertThat(poll.get(1, TimeUnit.SECONDS)).isEqualTo(new ServiceFeed.Version(501, List.of(A, B)));
        assertThat(feed.waiting()).isZero();
    }

    @Test
    void aHeldPollIsAnsweredWithTheUnchangedSetWhenItsWaitEnds() throws Exception {
        ServiceFeed feed = new ServiceFeed(500);
        feed.publish(List.of(A));

        CompletableFuture<ServiceFeed.Version> poll = feed.after(500, Duration.ofMillis(200));

        assertThat(poll.get(5, TimeUnit.SECONDS)).isEqualTo(new ServiceFeed.Version(500, List.of(A)));
        assertThat(feed.waiting()).isZero();
    }

    @Test
    void theFirstListingIsNewsEvenWhenItIsEmpty() throws Exception {
        ServiceFeed feed = new ServiceFeed(500);
        CompletableFuture<ServiceFeed.Version> poll = feed.after(0, Duration.ofSeconds(30));

        feed.publish(List.of());

        assertThat(poll.get(1, TimeUnit.SECONDS)).isEqualTo(new ServiceFeed.Version(500, List.of()));
    }

    @Test
    void aCancelledPollIsForgotten() {
        ServiceFeed feed = new ServiceFeed(500);
        CompletableFuture<ServiceFeed.Version> poll = feed.after(0, Duration.ofSeconds(30));
        assertThat(feed.waiting()).isEqualTo(1);

        poll.cancel(false);

        assertThat(feed.waiting()).isZero();
    }

    @Test
    void versionZeroIsReservedForNotListedYet() {
        assertThatThrownBy(() -> new ServiceFeed(0)).hasMessageContaining("0 means not listed yet");
    }
}
