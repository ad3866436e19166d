package dev.swarmgate.config.dfp;

import dev.swarmgate.config.AdminAuth;
import dev.swarmgate.config.Settings;
import dev.swarmgate.config.UserCredential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code ADMIN_USERS} and its secret {@code dfp_admin_users}: who may call the admin API. */
class AdminUsersTest {

    @TempDir
    Path secrets;

    @TempDir
    Path scratch;

    private Settings read(Map<String, String> env) {
        return DfpSettings.read(env, secrets, scratch.resolve("no-errorfiles"));
    }

    @Test
    void unsetLeavesTheAdminApiOpenAsInDfp() {
        AdminAuth auth = read(Map.of()).adminAuth();

        assertThat(auth).isEqualTo(AdminAuth.OFF);
        assertThat(auth.required()).isFalse();
    }

    @Test
    void usersAreACommaListOfUserColonPassword() {
        AdminAuth auth = read(Map.of("ADMIN_USERS", "ops:s3cret, deploy:pa:ss")).adminAuth();

        assertThat(auth.required()).isTrue();
        assertThat(auth.users()).containsExactly(new UserCredential("ops", "s3cret", false),
                new UserCredential("deploy", "pa:ss", false));
        assertThat(read(Map.of("ADMIN_USERS", "ops:s3cret")).unsupported()).isEmpty();
    }

    @Test
    void theSecretWinsAndMayListOneUserPerLine() throws IOException {
        Files.writeString(secrets.resolve("dfp_admin_users"), "ops:from-secret\ndeploy:other\n");

        AdminAuth auth = read(Map.of("ADMIN_USERS", "ops:from-env")).adminAuth();

        assertThat(auth.users()).extracting(UserCredential::password).containsExactly("from-secret", "other");
    }

    @Test
    void aMalformedItemIsNamedByPositionWithoutQuotingAnyPassword() {
        assertThatThrownBy(() -> read(Map.of("ADMIN_USERS", "ops:s3cret,deploy-s3cret")))
                .hasMessageContaining("ADMIN_USERS item 2 is not user:password")
                .hasMessageContaining("e.g. ops:s3cret,deploy:0ther")
                .satisfies(e -> assertThat(e.getMessage().replace("e.g. ops:s3cret", ""))
                        .doesNotContain("s3cret"));
        assertThatThrownBy(() -> read(Map.of("ADMIN_USERS", "ops:"))).hasMessageContaining("item 1");
        assertThatThrownBy(() -> read(Map.of("ADMIN_USERS", ":hunter2")))
                .hasMessageContaining("item 1").hasMessageNotContaining("hunter2");
    }

    @Test
    void aMalformedSecretSaysItCameFromTheSecret() throws IOException {
        Files.writeString(secrets.resolve("dfp_admin_users"), "hunter2\n");

        assertThatThrownBy(() -> read(Map.of()))
                .hasMessageContaining("ADMIN_USERS (from secret dfp_admin_users) item 1")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aRepeatedUserAndAListOfNoUserAreRefused() {
        assertThatThrownBy(() -> read(Map.of("ADMIN_USERS", "ops:a,ops:b")))
                .hasMessageContaining("item 2 repeats user ops").hasMessageNotContaining(":b");
        assertThatThrownBy(() -> read(Map.of("ADMIN_USERS", " , ")))
                .hasMessageContaining("ADMIN_USERS lists no user");
    }

    @Test
    void passwordsNeverShowInTheSettingsText() {
        Settings settings = read(Map.of("ADMIN_USERS", "ops:hunter2"));

        assertThat(settings.toString()).contains("ops").doesNotContain("hunter2");
    }
}
