package dev.swarmgate.auth;

import dev.swarmgate.config.CryptFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordHashTest {

    private static final byte[] RIGHT = HashVectors.PASSWORD.getBytes(StandardCharsets.UTF_8);
    private static final byte[] WRONG = "s3creT".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @FieldSource("dev.swarmgate.auth.HashVectors#SUPPORTED")
    void theToolsHashMatchesItsPasswordAndNoOther(String hash) {
        PasswordHash parsed = PasswordHash.of(hash);

        assertThat(parsed.matches(RIGHT)).isTrue();
        assertThat(parsed.matches(WRONG)).isFalse();
        assertThat(parsed.matches(new byte[0])).isFalse();
    }

    @ParameterizedTest
    @FieldSource("dev.swarmgate.auth.HashVectors#SUPPORTED")
    void everyFormatTheConfigurationAcceptsCanBeVerified(String hash) {
        assertThat(CryptFormat.of(hash)).as("config accepts it").isPresent();
        assertThat(PasswordHash.of(hash).text()).isEqualTo(hash);
    }

    @ParameterizedTest
    @FieldSource("dev.swarmgate.auth.HashVectors#SUPPORTED")
    void checkingLeavesTheGivenPasswordBytesAsTheyWere(String hash) {
        // commons-codec zeroes the array it hashes; the caller still needs it (the verified-credentials key)
        byte[] given = HashVectors.PASSWORD.getBytes(StandardCharsets.UTF_8);

        PasswordHash.of(hash).matches(given);

        assertThat(given).isEqualTo(RIGHT);
    }

    @Test
    void eachPrefixGoesToItsFamily() {
        assertThat(PasswordHash.of(HashVectors.MD5)).isInstanceOf(Md5CryptHash.class);
        assertThat(PasswordHash.of(HashVectors.APR1)).isInstanceOf(Md5CryptHash.class);
        assertThat(PasswordHash.of(HashVectors.SHA256)).isInstanceOf(ShaCryptHash.class);
        assertThat(PasswordHash.of(HashVectors.SHA512)).isInstanceOf(ShaCryptHash.class);
        assertThat(PasswordHash.of(HashVectors.BCRYPT_2A)).isInstanceOf(BcryptHash.class);
        assertThat(PasswordHash.of(HashVectors.BCRYPT_2B)).isInstanceOf(BcryptHash.class);
        assertThat(PasswordHash.of(HashVectors.BCRYPT_2Y)).isInstanceOf(BcryptHash.class);
    }

    @Test
    void md5AndApr1OfTheSameSaltAreDifferentHashes() {
        assertThat(PasswordHash.of(HashVectors.MD5.replace("$1$", "$apr1$")).matches(RIGHT)).isFalse();
    }

    @Test
    void aUtf8PasswordIsHashedAsItsUtf8Bytes() {
        PasswordHash hash = PasswordHash.of(HashVectors.SHA512_UTF8);

        assertThat(hash.matches(HashVectors.UTF8_PASSWORD.getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(hash.matches(HashVectors.UTF8_PASSWORD.getBytes(StandardCharsets.ISO_8859_1))).isFalse();
    }

    @Test
    void bcryptCountsAPasswordLongerThan72BytesByItsFirst72() {
        // bcrypt reads 72 bytes at most; this password's first 72 bytes are not "s3cret", so it must not match
        byte[] longer = ("s3cret" + "x".repeat(80)).getBytes(StandardCharsets.UTF_8);

        assertThat(PasswordHash.of(HashVectors.BCRYPT_2B).matches(longer)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {HashVectors.YESCRYPT, "$7$CU..../....abc", "{SHA}abc", "s3cret", ""})
    void anUnsupportedFormatIsRefusedWithoutEchoingIt(String text) {
        assertThatThrownBy(() -> PasswordHash.of(text)).isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> {
                    if (!text.isEmpty()) {
                        assertThat(e.getMessage()).doesNotContain(text);
                    }
                });
    }

    @Test
    void toStringShowsNoHash() {
        for (String hash : HashVectors.SUPPORTED) {
            assertThat(PasswordHash.of(hash).toString()).doesNotContain(hash.substring(hash.lastIndexOf('$') + 1));
        }
        assertThat(new PlainPassword("s3cret").toString()).doesNotContain("s3cret");
    }

    @Test
    void aPlainPasswordMatchesExactlyItsBytes() {
        PlainPassword plain = new PlainPassword("s3cret");

        assertThat(plain.matches(RIGHT)).isTrue();
        assertThat(plain.matches(WRONG)).isFalse();
        assertThat(plain.matches("s3cret ".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(plain.matches("s3cre".getBytes(StandardCharsets.UTF_8))).isFalse();
    }
}
