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
        feed.publish(List.of(A), null);

        CompletableFuture<ServiceFeed.Version> poll = feed.after(0, Duration.ofSeconds(30));

        assertThat(poll).isCompletedWithValue(new ServiceFeed.Version(500, List.of(A), null));
    }

    @Test
    void aCurrentPollIsHeldUntilTheSetChanges() throws Exception {
        ServiceFeed feed = new ServiceFeed(500);
        feed.publish(List.of(A), null);

        CompletableFuture<ServiceFeed.Version> poll = feed.after(500, Duration.ofSeconds(30));
        assertThat(poll).isNotDone();
        feed.publish(List.of(A), null); // the same set: no news
        assertThat(poll).isNotDone();
        feed.publish(List.of(A, B), null);

        assertThat(poll.get(1, TimeUnit.SECONDS)).isEqualTo(new ServiceFeed.Version(501, List.of(A, B), null));
        assertThat(feed.waiting()).isZero();
    }

    @Test
    void aHeldPollIsAnsweredWithTheUnchangedSetWhenItsWaitEnds() throws Exception {
        ServiceFeed feed = new ServiceFeed(500);
        feed.publish(List.of(A), null);

        CompletableFuture<ServiceFeed.Version> poll = feed.after(500, Duration.ofMillis(200));

        assertThat(poll.get(5, TimeUnit.SECONDS)).isEqualTo(new ServiceFeed.Version(500, List.of(A), null));
        assertThat(feed.waiting()).isZero();
    }

    @Test
    void theFirstListingIsNewsEvenWhenItIsEmpty() throws Exception {
        ServiceFeed feed = new ServiceFeed(500);
        CompletableFuture<ServiceFeed.Version> poll = feed.after(0, Duration.ofSeconds(30));

        feed.publish(List.of(), null);

        assertThat(poll.get(1, TimeUnit.SECONDS)).isEqualTo(new ServiceFeed.Version(500, List.of(), null));
    }

    @Test
    void aChangeOfTaskAddressesAloneIsNews() throws Exception {
        ServiceFeed feed = new ServiceFeed(500);
        feed.publish(List.of(A), null);
        CompletableFuture<ServiceFeed.Version> listed = feed.after(500, Duration.ofSeconds(30));

        feed.publish(List.of(A), Map.of("a", List.of("10.0.1.5")));
        CompletableFuture<ServiceFeed.Version> same = feed.after(501, Duration.ofSeconds(30));
        feed.publish(List.of(A), Map.of("a", List.of("10.0.1.5")));
        assertThat(same).as("the same addresses: no news").isNotDone();
        feed.publish(List.of(A), Map.of("a", List.of("10.0.1.5", "10.0.1.6")));

        assertThat(listed.get(1, TimeUnit.SECONDS)).as("the tasks' first listing")
                .isEqualTo(new ServiceFeed.Version(501, List.of(A), Map.of("a", List.of("10.0.1.5"))));
        assertThat(same.get(1, TimeUnit.SECONDS)).as("a task added")
                .isEqualTo(new ServiceFeed.Version(502, List.of(A), Map.of("a", List.of("10.0.1.5", "10.0.1.6"))));
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
