package dev.swarmgate.routing.rules;

import dev.swarmgate.auth.HashVectors;
import dev.swarmgate.auth.OffLoopVerifier;
import dev.swarmgate.auth.VerifiedCredentials;
import dev.swarmgate.config.BasicAuth;
import dev.swarmgate.config.UserCredential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class BasicAuthCheckTest {

    private final VerifiedCredentials verified = new VerifiedCredentials(100);
    private final OffLoopVerifier verifier = new OffLoopVerifier(1, 8);

    private BasicAuthCheck check(UserCredential... users) {
        return new BasicAuthCheck(new BasicAuth("apiRealm", List.of(users)), verified, verifier);
    }

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    private static HeadersOnlyRequest withAuthorization(String value) {
        return new HeadersOnlyRequest().with("Authorization", value);
    }

    private static void assertChallenge(StepResult result) {
        assertThat(result).isInstanceOfSatisfying(LocalReply.class, reply -> {
            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.headers()).containsExactly(
                    new LocalReply.Header("WWW-Authenticate", "Basic realm=\"apiRealm\""));
            assertThat(reply.close()).isFalse();
        });
    }

    private static StepResult decided(StepResult result) throws Exception {
        assertThat(result).isInstanceOf(StepResult.Pending.class);
        return ((StepResult.Pending) result).result().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aRequestWithoutCredentialsIsChallengedInTheRealm() {
        assertChallenge(check(new UserCredential("admin", "s3cret", false)).apply(new HeadersOnlyRequest()));
    }

    @Test
    void theRightPlainPasswordPassesAndTheAuthorizationHeaderIsRemoved() {
        HeadersOnlyRequest request = withAuthorization(basic("admin:s3cret"));

        StepResult result = check(new UserCredential("admin", "s3cret", false)).apply(request);

        assertThat(result).isEqualTo(StepResult.PROCEED);
        assertThat(request.header("Authorization")).isNull();
    }

    @Test
    void theSchemeIsCaseInsensitive() {
        assertThat(check(new UserCredential("admin", "s3cret", false))
                .apply(withAuthorization(basic("admin:s3cret").replace("Basic", "bAsIc"))))
                .isEqualTo(StepResult.PROCEED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"admin:wrong", "admin:s3cret ", "admin:", "nobody:s3cret", "admin", ":s3cret",
        "Admin:s3cret"})
    void wrongCredentialsAreChallenged(String userAndPassword) {
        HeadersOnlyRequest request = withAuthorization(basic(userAndPassword));

        assertChallenge(check(new UserCredential("admin", "s3cret", false)).apply(request));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer abc", "Basic", "Basic !!!notbase64", "Basicabc", "Digest username=\"admin\""})
    void anAuthorizationThatIsNotBasicIsChallenged(String value) {
        assertChallenge(check(new UserCredential("admin", "s3cret", false)).apply(withAuthorization(value)));
    }

    @Test
    void aPasswordWithColonsIsEverythingAfterTheFirstColon() {
        assertThat(check(new UserCredential("admin", "a:b:c", false)).apply(withAuthorization(basic("admin:a:b:c"))))
                .isEqualTo(StepResult.PROCEED);
    }

    @Test
    void noUsersLockEverybodyOut() {
        assertChallenge(check().apply(withAuthorization(basic("admin:s3cret"))));
    }

    @Test
    void aHashIsVerifiedOffTheCallingThreadThenAnsweredFromTheCacheAtOnce() throws Exception {
        BasicAuthCheck check = check(new UserCredential("admin", HashVectors.SHA512, true));
        HeadersOnlyRequest first = withAuthorization(basic("admin:s3cret"));

        assertThat(decided(check.apply(first))).isEqualTo(StepResult.PROCEED);
        assertThat(first.header("Authorization")).isNull();
        assertThat(verified.size()).isEqualTo(1);

        HeadersOnlyRequest again = withAuthorization(basic("admin:s3cret"));
        assertThat(check.apply(again)).as("a cache hit answers synchronously").isEqualTo(StepResult.PROCEED);
        assertThat(again.header("Authorization")).isNull();
    }

    @Test
    void aWrongPasswordAgainstAHashIsChallengedAndNotRemembered() throws Exception {
        BasicAuthCheck check = check(new UserCredential("admin", HashVectors.BCRYPT_2Y, true));

        assertChallenge(decided(check.apply(withAuthorization(basic("admin:wrong")))));
        assertThat(verified.size()).isZero();
        assertThat(check.apply(withAuthorization(basic("admin:wrong")))).as("verified again, not cached")
                .isInstanceOf(StepResult.Pending.class);
    }

    @Test
    void theCacheOutlivesARecompiledStepOfTheSameUsers() throws Exception {
        UserCredential admin = new UserCredential("admin", HashVectors.APR1, true);
        assertThat(decided(check(admin).apply(withAuthorization(basic("admin:s3cret"))))).isEqualTo(StepResult.PROCEED);

        assertThat(check(admin).apply(withAuthorization(basic("admin:s3cret")))).isEqualTo(StepResult.PROCEED);
    }

    @Test
    void aChangedHashDoesNotLetTheOldPasswordInFromTheCache() throws Exception {
        assertThat(decided(check(new UserCredential("admin", HashVectors.MD5, true))
                .apply(withAuthorization(basic("admin:s3cret"))))).isEqualTo(StepResult.PROCEED);

        BasicAuthCheck changed = check(new UserCredential("admin", HashVectors.SHA256, true));
        assertThat(changed.apply(withAuthorization(basic("admin:s3cret")))).isInstanceOf(StepResult.Pending.class);
    }

    @Test
    void whenTooManyChecksWaitTheAnswerIs503() throws Exception {
        // one thread, one waiting place, cost-12 bcrypt (~250 ms a check): the third check finds no room
        BasicAuthCheck check = new BasicAuthCheck(new BasicAuth("apiRealm",
                List.of(new UserCredential("slow", HashVectors.BCRYPT_COST_12, true))), verified,
                new OffLoopVerifier(1, 1));

        check.apply(withAuthorization(basic("slow:a")));
        check.apply(withAuthorization(basic("slow:b")));
        StepResult third = decided(check.apply(withAuthorization(basic("slow:c"))));

        assertThat(third).isInstanceOfSatisfying(LocalReply.class, reply -> {
            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.headers()).containsExactly(new LocalReply.Header("Retry-After", "1"));
        });
    }
}
