package dev.swarmgate.config.dfp;

import dev.swarmgate.config.StatsSettings;
import dev.swarmgate.config.UserCredential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stats page's settings read as Docker Flow Proxy's putStats read them (dfp-compat §3.1, §3.2). */
class StatsVariablesTest {

    @TempDir
    Path secrets;

    private StatsVariables read(Map<String, String> env) {
        return StatsVariables.read(env, secrets);
    }

    private void secret(String name, String content) throws IOException {
        Files.writeString(secrets.resolve(name), content);
    }

    @Test
    void offUnlessConfiguredAsInDfpsImage() {
        StatsVariables stats = read(Map.of());

        assertThat(stats.settings()).isEqualTo(StatsSettings.OFF);
        assertThat(stats.settings().uri()).isEqualTo("/admin?stats");
        assertThat(stats.notes()).isEmpty();
    }

    @Test
    void userAndPasswordTurnThePageOnBehindBasicAuthentication() {
        StatsSettings stats = read(Map.of("STATS_USER", "admin", "STATS_PASS", "s3cret")).settings();

        assertThat(stats.enabled()).isTrue();
        assertThat(stats.authenticated()).isTrue();
        assertThat(stats.users()).containsExactly(new UserCredential("admin", "s3cret", false));
        assertThat(stats.port()).isEmpty();
        assertThat(stats.toString()).doesNotContain("s3cret");
    }

    @Test
    void noneAndNoneServesThePageWithoutAuthenticationAndSaysSo() {
        StatsVariables stats = read(Map.of("STATS_USER", "none", "STATS_PASS", "NONE"));

        assertThat(stats.settings().enabled()).isTrue();
        assertThat(stats.settings().authenticated()).isFalse();
        assertThat(stats.notes()).singleElement().asString().contains("WITHOUT authentication")
                .contains("STATS_USER and STATS_PASS are none");
    }

    @Test
    void oneNoneIsEnoughToOpenThePageAsInDfpsCode() {
        // putStats adds "stats auth" only when neither is none.
        StatsVariables stats = read(Map.of("STATS_USER", "admin", "STATS_PASS", "none"));

        assertThat(stats.settings().enabled()).isTrue();
        assertThat(stats.settings().authenticated()).isFalse();
        assertThat(stats.notes()).singleElement().asString().contains("STATS_PASS is none");
    }

    @Test
    void onlyAUserLeavesThePageOffWithANoteNamingTheMissingPassword() {
        StatsVariables stats = read(Map.of("STATS_USER", "admin"));

        assertThat(stats.settings().enabled()).isFalse();
        assertThat(stats.notes()).singleElement().asString()
                .startsWith("STATS_USER is set but STATS_PASS is not, so the stats page is off");
    }

    @Test
    void envIndirectionNamesTheVariablesThatHoldTheValues() {
        StatsSettings stats = read(Map.of("STATS_USER_ENV", "MY_USER", "STATS_PASS_ENV", "MY_PASS",
                "STATS_URI_ENV", "MY_URI", "MY_USER", "ops", "MY_PASS", "pw", "MY_URI", "/proxyStats",
                "STATS_USER", "ignored", "STATS_PASS", "ignored")).settings();

        assertThat(stats.users()).containsExactly(new UserCredential("ops", "pw", false));
        assertThat(stats.uri()).isEqualTo("/proxyStats");
    }

    @Test
    void secretsNamedAfterTheVariableWinOverTheEnvironment() throws IOException {
        secret("dfp_stats_user", "fromsecret\n");
        secret("dfp_stats_pass", "secretpw\n");

        StatsSettings stats = read(Map.of("STATS_USER", "fromenv", "STATS_PASS", "envpw")).settings();

        assertThat(stats.users()).containsExactly(new UserCredential("fromsecret", "secretpw", false));
    }

    @Test
    void theSecretOfAnIndirectNameIsDfpAndItsLowercaseName() throws IOException {
        secret("dfp_my_user", "ops\n");
        secret("dfp_my_pass", "pw");

        StatsSettings stats = read(Map.of("STATS_USER_ENV", "MY_USER", "STATS_PASS_ENV", "MY_PASS")).settings();

        assertThat(stats.users()).containsExactly(new UserCredential("ops", "pw", false));
    }

    @Test
    void statsPortMovesThePageToAPortOfItsOwnExceptEighty() {
        assertThat(read(Map.of("STATS_USER", "a", "STATS_PASS", "b", "STATS_PORT", "8404")).settings().port())
                .isEqualTo(OptionalInt.of(8404));
        assertThat(read(Map.of("STATS_USER", "a", "STATS_PASS", "b", "STATS_PORT", "80")).settings().port())
                .isEmpty();
    }

    @Test
    void statsPortWithoutThePageSaysNothingListens() {
        StatsVariables stats = read(Map.of("STATS_PORT", "8404"));

        assertThat(stats.settings().enabled()).isFalse();
        assertThat(stats.notes()).singleElement().asString().contains("nothing listens on port 8404");
    }

    @Test
    void malformedValuesStopTheStartNamingTheVariableAndTheFix() {
        assertThatThrownBy(() -> read(Map.of("STATS_PORT", "http")))
                .hasMessageStartingWith("STATS_PORT=http (from the environment) is not valid")
                .hasMessageContaining("1 to 65535");
        assertThatThrownBy(() -> read(Map.of("STATS_URI", "admin?stats")))
                .hasMessageStartingWith("STATS_URI=admin?stats is not valid").hasMessageContaining("/admin?stats");
        assertThatThrownBy(() -> read(Map.of("STATS_USER_ENV", "../etc")))
                .hasMessageStartingWith("STATS_USER_ENV=../etc (from the environment) is not valid");
        assertThatThrownBy(() -> read(Map.of("STATS_USER", "a:b", "STATS_PASS", "s3cret")))
                .hasMessageStartingWith("STATS_USER is not valid").hasMessageNotContaining("s3cret");
    }

    @Test
    void aRootUriOnTheTrafficPortsIsWarnedAboutButAllowedWithItsOwnPort() {
        assertThat(read(Map.of("STATS_USER", "a", "STATS_PASS", "b", "STATS_URI", "/")).notes())
                .singleElement().asString().contains("no service is reachable");
        assertThat(read(Map.of("STATS_USER", "a", "STATS_PASS", "b", "STATS_URI", "/", "STATS_PORT", "8404"))
                .notes()).isEmpty();
    }

    @Test
    void statsVariablesAreNoLongerReportedAsIgnored() {
        assertThat(DfpSettings.read(Map.of("STATS_USER", "a", "STATS_PASS", "b", "STATS_URI", "/s", "STATS_PORT",
                "81"), secrets).unsupported()).isEmpty();
        assertThat(List.of(DfpVariable.STATS_USER, DfpVariable.STATS_PORT, DfpVariable.STATS_URI_ENV))
                .noneMatch(DfpVariable::ignored);
    }
}
