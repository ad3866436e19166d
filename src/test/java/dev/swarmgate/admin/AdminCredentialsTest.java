package dev.swarmgate.admin;

import dev.swarmgate.config.AdminAuth;
import dev.swarmgate.config.UserCredential;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AdminCredentialsTest {

    private final AdminCredentials credentials = new AdminCredentials(new AdminAuth(List.of(
            new UserCredential("ops", "s3cret", false), new UserCredential("deploy", "pä:ss", false))));

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptsEachUserWithItsOwnPassword() {
        assertThat(credentials.accept(basic("ops:s3cret"))).isTrue();
        assertThat(credentials.accept(basic("deploy:pä:ss"))).isTrue();
    }

    @Test
    void theSchemeIsCaseInsensitive() {
        assertThat(credentials.accept(basic("ops:s3cret").replace("Basic", "bAsIc"))).isTrue();
    }

    @Test
    void refusesWrongMissingAndMalformedCredentials() {
        assertThat(credentials.accept("")).isFalse();
        assertThat(credentials.accept("Basic ")).isFalse();
        assertThat(credentials.accept(basic("ops:wrong"))).isFalse();
        assertThat(credentials.accept(basic("ops:s3cre"))).isFalse();
        assertThat(credentials.accept(basic("ops:s3cret "))).isFalse();
        assertThat(credentials.accept(basic("deploy:s3cret"))).isFalse(); // another user's password
        assertThat(credentials.accept(basic("nobody:s3cret"))).isFalse();
        assertThat(credentials.accept(basic("ops"))).isFalse();
        assertThat(credentials.accept("Basic !!not-base64!!")).isFalse();
        assertThat(credentials.accept("Bearer " + basic("ops:s3cret").substring(6))).isFalse();
    }
}
