package dev.swarmgate.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static dev.swarmgate.store.StoreFixtures.service;
import static dev.swarmgate.store.StoreFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A source (swarm labels, a listener) hands over its whole set; the store applies the difference in one version. */
class ConfigStoreReplaceSourceTest {

    private final ConfigStore store = new ConfigStore(settings(Optional.empty()));

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void theListedSetReplacesThatSourceOnlyInOnePublication() {
        store.put(service("api", "/api", 8080, Source.API)).join();
        store.replaceSource(Source.SWARM, List.of(service("a", "/a", 80, Source.SWARM),
                service("b", "/b", 80, Source.SWARM))).join();
        long before = store.current().version();

        ChangeOutcome outcome = store.replaceSource(Source.SWARM, List.of(service("b", "/b2", 80, Source.SWARM),
                service("c", "/c", 80, Source.SWARM))).join();

        assertThat(outcome.changed()).isTrue();
        assertThat(outcome.version()).isEqualTo(before + 1);
        assertThat(store.services().keySet()).containsExactly("api", "b", "c");
        assertThat(store.services().get("b").spec().destinations().getFirst().paths()).containsExactly("/b2");
    }

    @Test
    void anUnchangedSetPublishesNothing() {
        store.replaceSource(Source.SWARM, List.of(service("a", "/a", 80, Source.SWARM))).join();
        long version = store.current().version();

        ChangeOutcome again = store.replaceSource(Source.SWARM, List.of(service("a", "/a", 80, Source.SWARM)))
                .join();

        assertThat(again.changed()).isFalse();
        assertThat(store.current().version()).isEqualTo(version);
    }

    @Test
    void theLastSetOfASourceIsRememberedForTheNextStartApartFromApiServices(@TempDir Path dir) {
        try (ConfigStore first = new ConfigStore(settings(Optional.of(dir)))) {
            first.put(service("api", "/api", 80, Source.API)).join();
            first.replaceSource(Source.SWARM, List.of(service("a", "/a", 80, Source.SWARM))).join();
        }

        try (ConfigStore second = new ConfigStore(settings(Optional.of(dir)))) {
            assertThat(second.loadLastKnown(Source.SWARM)).extracting(p -> p.get("serviceName"))
                    .containsExactly(List.of("a"));
            assertThat(second.loadLastKnown(Source.LISTENER)).isEmpty();
            assertThat(second.loadPersisted()).extracting(p -> p.get("serviceName")).containsExactly(List.of("api"));
        }
    }

    @Test
    void aSetTheProxyCannotApplyIsNotRememberedForTheNextStart(@TempDir Path dir) {
        try (ConfigStore first = new ConfigStore(settings(Optional.of(dir)))) {
            first.subscribe(published -> published.config().services().containsKey("bad")
                    ? CompletableFuture.failedFuture(new IllegalStateException("port 80 is in use"))
                    : null);
            first.replaceSource(Source.SWARM, List.of(service("a", "/a", 80, Source.SWARM))).join();

            CompletableFuture<ChangeOutcome> bad = first.replaceSource(Source.SWARM,
                    List.of(service("a", "/a", 80, Source.SWARM), service("bad", "/bad", 80, Source.SWARM)));

            assertThatThrownBy(bad::join).hasCauseInstanceOf(PublishFailedException.class);
            // read once the failure is reported: the file was written with the set, then again without it
            assertThat(first.loadLastKnown(Source.SWARM)).extracting(p -> p.get("serviceName"))
                    .containsExactly(List.of("a"));
        }
    }

    @Test
    void anEmptySetRemovesEveryServiceOfThatSourceAndNoOther() {
        store.put(service("env", "/env", 80, Source.ENV)).join();
        store.replaceSource(Source.SWARM, List.of(service("a", "/a", 80, Source.SWARM))).join();

        store.replaceSource(Source.SWARM, List.of()).join();

        assertThat(store.services().keySet()).containsExactly("env");
    }
}
