package dev.swarmgate.auth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class VerifiedCredentialsTest {

    private static final PasswordHash HASH = PasswordHash.of(HashVectors.SHA512);

    private static String key(String password) {
        return VerifiedCredentials.key(HASH, password.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aVerifiedPairIsRemembered() {
        VerifiedCredentials cache = new VerifiedCredentials(4);

        cache.add(key("s3cret"));

        assertThat(cache.contains(key("s3cret"))).isTrue();
        assertThat(cache.contains(key("other"))).isFalse();
    }

    @Test
    void theSamePasswordAgainstAnotherHashIsAnotherEntry() {
        VerifiedCredentials cache = new VerifiedCredentials(4);
        cache.add(key("s3cret"));

        assertThat(cache.contains(VerifiedCredentials.key(PasswordHash.of(HashVectors.SHA256),
                "s3cret".getBytes(StandardCharsets.UTF_8)))).isFalse();
    }

    @Test
    void pastItsCapacityTheOldestEntriesAreForgotten() {
        VerifiedCredentials cache = new VerifiedCredentials(100);

        for (int i = 0; i < 250; i++) {
            cache.add(key("password" + i));
        }

        assertThat(cache.size()).isEqualTo(100);
        assertThat(cache.contains(key("password0"))).isFalse();
        assertThat(cache.contains(key("password149"))).isFalse();
        assertThat(cache.contains(key("password150"))).isTrue();
        assertThat(cache.contains(key("password249"))).isTrue();
    }

    @Test
    void addingTheSamePairTwiceTakesOneEntry() {
        VerifiedCredentials cache = new VerifiedCredentials(2);
        cache.add(key("a"));
        cache.add(key("a"));
        cache.add(key("b"));

        assertThat(cache.contains(key("a"))).isTrue();
        assertThat(cache.contains(key("b"))).isTrue();
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void anEntryIsADigestNotThePassword() {
        String entry = key("s3cret");

        assertThat(entry).hasSize(32).doesNotContain("s3cret");
    }
}
