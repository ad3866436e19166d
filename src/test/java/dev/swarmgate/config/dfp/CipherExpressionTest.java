package dev.swarmgate.config.dfp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CipherExpressionTest {

    @Test
    void plusJoinsAliasesThatMustAllMatch() {
        assertThat(CipherExpression.expand("ECDHE+AESGCM+aRSA")).containsExactly(
                "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    }

    @Test
    void bangRemovesForGoodAndMinusOnlyUntilAddedAgain() {
        assertThat(CipherExpression.expand("!aECDSA:ECDHE+CHACHA20")).containsExactly(
                "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
        assertThat(CipherExpression.expand("ECDHE+CHACHA20:-aECDSA:ECDHE+CHACHA20")).containsExactly(
                "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
    }

    @Test
    void plusPrefixMovesToTheEnd() {
        assertThat(CipherExpression.expand("ECDHE+AESGCM+aRSA:+AES256")).containsExactly(
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
    }

    @Test
    void suiteNamesInOpenSslOrIanaFormSelectThatSuite() {
        assertThat(CipherExpression.expand("ECDHE-RSA-AES128-GCM-SHA256:TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"))
                .containsExactly("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
    }

    @Test
    void aliasesOfAlgorithmsBoringSslLacksSelectNothing() {
        assertThat(CipherExpression.expand("DH+AESGCM:ECDHE+AESGCM+aRSA:!MD5:!DSS:!aNULL:DHE-RSA-AES128-GCM-SHA256"))
                .containsExactly("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    }

    @Test
    void anExpressionLeavingNothingIsRefused() {
        assertThatThrownBy(() -> CipherExpression.expand("3DES:RC4"))
                .hasMessageContaining("selects no TLS 1.2 cipher suite");
    }
}
