package dev.swarmgate.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CryptFormatTest {

    @Test
    void eachToolsHashIsRecognised() {
        assertThat(CryptFormat.of("$1$saltsalt$RwMqRjSWhXMKbW72DwzGd1")).contains(CryptFormat.MD5);
        assertThat(CryptFormat.of("$apr1$0tlb8J.N$Q.CWye6xhTOxnspJLJdha0")).contains(CryptFormat.APR1);
        assertThat(CryptFormat.of("$5$saltsaltsalt$BQ.1xfT8A98Gw2Ss94AGK5WsGthwa8LLBFFfqPJi.lA"))
                .contains(CryptFormat.SHA256);
        assertThat(CryptFormat.of("$5$rounds=6000$saltsaltsalt$ql49D5GdRVJa.zLR6Je3HDKkWvv/MXUJXB6JpJc8lB4"))
                .contains(CryptFormat.SHA256);
        assertThat(CryptFormat.of("$6$saltsaltsalt$FUTXsgNpMxVPwnX4XalnoSItgvVbUy6eQVJVcn9taCOEVAPu1PukMtU6lAf"
                + "NfDb9ttqSN7i8gT2C5j2TY43X01")).contains(CryptFormat.SHA512);
        assertThat(CryptFormat.of("$2y$05$aa6ub8M5Yi0mjqxqCtjZFeOo04vkrlLgLOXf5kffY72yAfu0JkgjC"))
                .contains(CryptFormat.BCRYPT);
        assertThat(CryptFormat.of("$2b$05$oRDCBL7hjlYwqw4K9dE6N.kVPQGNm.rRmXI2DxbRVY/MNQqu7Wg0G"))
                .contains(CryptFormat.BCRYPT);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "$y$j9T$Xh9czN1D9Sf6HFT1CUNhx.$ZPU/fcoJmNLDFQXTBLuGXbNdkKgr2Wx0hEd70yr7XK0", // yescrypt
        "$1$saltsalt$RwMqRjSWhXMKbW72DwzGd", // one character short
        "$1$saltsalt$RwMqRjSWhXMKbW72DwzG!1", // not the crypt alphabet
        "$1$saltsaltsalt$RwMqRjSWhXMKbW72DwzGd1", // md5 salts have at most 8 characters
        "$6$saltsaltsalt$FUTXsgNpMxVPwnX4XalnoSItgvVbUy6eQ", // truncated
        "$2b$03$oRDCBL7hjlYwqw4K9dE6N.kVPQGNm.rRmXI2DxbRVY/MNQqu7Wg0G", // bcrypt cost below 4
        "$2x$05$oRDCBL7hjlYwqw4K9dE6N.kVPQGNm.rRmXI2DxbRVY/MNQqu7Wg0G", // $2x$ is not accepted
        " $1$saltsalt$RwMqRjSWhXMKbW72DwzGd1", // leading space
        "s3cret", "{SHA}qUqP5cyxm6YcTAhz05Hph5gvu9M=", ""})
    void anythingElseIsNotAFormat(String text) {
        assertThat(CryptFormat.of(text)).isEmpty();
    }

    @Test
    void aHashedCredentialMustBeInAFormatAndTheErrorShowsNoHash() {
        assertThatThrownBy(() -> new UserCredential("admin", "$y$j9T$Xh9czN1D9Sf6HFT1CUNhx.$ZPU", true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("yescrypt")
                .hasMessageNotContaining("Xh9czN1D9Sf6HFT1CUNhx");
        assertThat(new UserCredential("admin", "$y$not-hashed-here", false).toString()).isEqualTo("admin:<password>");
    }
}
