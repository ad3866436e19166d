package dev.swarmgate.auth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class OffLoopVerifierTest {

    private static final byte[] RIGHT = HashVectors.PASSWORD.getBytes(StandardCharsets.UTF_8);

    @Test
    void verifiesOnItsOwnThread() throws Exception {
        OffLoopVerifier verifier = new OffLoopVerifier(1, 4);
        String caller = Thread.currentThread().getName();
        // A quick check can finish before thenApply is attached, and then thenApply runs on the caller: a slow check
        // first keeps the verifier's one thread busy for about 250 ms, so the check under test completes there.
        CompletableFuture<Boolean> slow = verifier.verify(PasswordHash.of(HashVectors.BCRYPT_COST_12), RIGHT);

        CompletableFuture<String> thread = verifier.verify(PasswordHash.of(HashVectors.SHA512), RIGHT)
                .thenApply(matches -> matches + " on " + Thread.currentThread().getName());

        assertThat(thread.get(10, TimeUnit.SECONDS)).startsWith("true on swarmgate-password-hash-")
                .doesNotEndWith(caller);
        assertThat(slow.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aWrongPasswordCompletesWithFalse() throws Exception {
        OffLoopVerifier verifier = new OffLoopVerifier(1, 4);

        assertThat(verifier.verify(PasswordHash.of(HashVectors.BCRYPT_2Y), "nope".getBytes(StandardCharsets.UTF_8))
                .get(10, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void whenTheQueueIsFullACheckFailsAtOnceInsteadOfWaiting() throws Exception {
        // One thread, one waiting place: a cost-12 bcrypt check takes about 250 ms, far longer than submitting three.
        OffLoopVerifier verifier = new OffLoopVerifier(1, 1);
        PasswordHash slow = PasswordHash.of(HashVectors.BCRYPT_COST_12);

        CompletableFuture<Boolean> running = verifier.verify(slow, RIGHT);
        CompletableFuture<Boolean> waiting = verifier.verify(slow, RIGHT);
        CompletableFuture<Boolean> refused = verifier.verify(slow, RIGHT);

        assertThat(refused).isCompletedExceptionally();
        assertThat(refused.exceptionNow()).isInstanceOf(RejectedExecutionException.class);
        assertThat(running.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isTrue();
    }
}
