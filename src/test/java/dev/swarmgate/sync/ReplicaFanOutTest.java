package dev.swarmgate.sync;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicaFanOutTest {

    @Test
    void theForwardedQueryKeepsEveryOtherParameterAsSentAndSaysDistributeFalse() {
        assertThat(ReplicaFanOut.notDistributed("serviceName=a&servicePath=%2Fdemo&distribute=true&port=80"))
                .isEqualTo("serviceName=a&servicePath=%2Fdemo&port=80&distribute=false");
    }

    @Test
    void everySpellingOfDistributeIsReplaced() {
        assertThat(ReplicaFanOut.notDistributed("Distribute=1&distribute=true&%64istribute=t&x=1"))
                .isEqualTo("x=1&distribute=false");
    }

    @Test
    void anEmptyQueryBecomesDistributeFalse() {
        assertThat(ReplicaFanOut.notDistributed("")).isEqualTo("distribute=false");
        assertThat(ReplicaFanOut.notDistributed(null)).isEqualTo("distribute=false");
    }

    @Test
    void aMalformedEscapeDoesNotBreakTheRewrite() {
        assertThat(ReplicaFanOut.notDistributed("a%zz=1&distribute=true")).isEqualTo("a%zz=1&distribute=false");
    }
}
