package dev.swarmgate.config.dfp;

import dev.swarmgate.auth.HashVectors;
import dev.swarmgate.config.AuthExemption;
import dev.swarmgate.config.BasicAuth;
import dev.swarmgate.config.Destination;
import dev.swarmgate.config.HttpRule;
import dev.swarmgate.config.InvalidServiceException;
import dev.swarmgate.config.ServiceSpec;
import dev.swarmgate.config.Settings;
import dev.swarmgate.config.UserCredential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static dev.swarmgate.config.dfp.Parsing.rejection;
import static dev.swarmgate.config.dfp.Parsing.request;
import static org.assertj.core.api.Assertions.assertThat;

/** users, usersSecret, usersPassEncrypted and ignoreAuthorization as Docker Flow Proxy merges them. */
class AuthenticationParametersTest {

    private static final String BASE = "serviceName=api&servicePath=/api&port=8080&";

    @TempDir
    Path secrets;

    @TempDir
    Path scratch;

    private Settings settings(Map<String, String> env) {
        return DfpSettings.read(env, secrets, scratch.resolve("no-errorfiles"));
    }

    private Settings settings() {
        return settings(Map.of());
    }

    private void secret(String name, String content) throws IOException {
        Files.writeString(secrets.resolve(name), content);
    }

    private ServiceSpec spec(Settings settings, String query) throws InvalidServiceException {
        return request(settings, query).spec().orElseThrow();
    }

    private BasicAuth auth(Settings settings, String query) throws InvalidServiceException {
        return auth(spec(settings, query).destinations().getFirst());
    }

    private static BasicAuth auth(Destination destination) {
        return destination.rules().stream().filter(BasicAuth.class::isInstance).map(BasicAuth.class::cast)
                .findFirst().orElseThrow(() -> new AssertionError("no BasicAuth in " + destination.rules()));
    }

    private static UserCredential plain(String user, String password) {
        return new UserCredential(user, password, false);
    }

    @Test
    void usersGiveEveryDestinationBasicAuthInTheServicesRealm() throws InvalidServiceException {
        ServiceSpec spec = spec(settings(), "serviceName=api&servicePath.1=/a&port.1=80&servicePath.2=/b&port.2=81"
                + "&users=admin:s3cret,bob:pw");

        for (Destination destination : spec.destinations()) {
            assertThat(auth(destination)).isEqualTo(new BasicAuth("apiRealm",
                    List.of(plain("admin", "s3cret"), plain("bob", "pw"))));
        }
    }

    @Test
    void usersAreSeparatedByCommasAndNewlinesWhateverTheSeparator() throws InvalidServiceException {
        Settings semicolon = settings(Map.of("SEPARATOR", ";"));

        assertThat(auth(semicolon, BASE + "users=a:1,b:2\nc:3").users())
                .containsExactly(plain("a", "1"), plain("b", "2"), plain("c", "3"));
    }

    @Test
    void noUsersParametersNoAuthentication() throws InvalidServiceException {
        assertThat(spec(settings(), BASE + "usersPassEncrypted=true").destinations().getFirst().rules()).isEmpty();
    }

    @Test
    void usersSecretReadsTheDfpUsersFileInTheSecretsDirectory() throws IOException, InvalidServiceException {
        secret("dfp_users_api", "admin:fromfile\nbob:two\n");

        assertThat(auth(settings(), BASE + "usersSecret=api").users())
                .containsExactly(plain("admin", "fromfile"), plain("bob", "two"));
    }

    @Test
    void aMissingSecretFileIsA400NamingUsersSecretAndTheFile() {
        InvalidServiceException e = rejection(settings(), BASE + "usersSecret=nothere");

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).startsWith("serviceName api: usersSecret=nothere")
                .contains(secrets.resolve("dfp_users_nothere").toString())
                .contains("create the Docker secret dfp_users_nothere");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc", "a/b", ".hidden", "a b"})
    void aUsersSecretThatIsNotASecretNameIsA400(String suffix) {
        assertThat(rejection(settings(), BASE + "usersSecret=" + suffix).getMessage())
                .contains("usersSecret=" + suffix + " is not valid");
    }

    @Test
    void aUserWithoutPasswordTakesItFromTheUsersSecret() throws IOException, InvalidServiceException {
        secret("dfp_users_api", "admin:fromfile\nbob:two\n");

        assertThat(auth(settings(), BASE + "users=admin,carol:three&usersSecret=api").users())
                .containsExactly(plain("admin", "fromfile"), plain("carol", "three"));
    }

    @Test
    void whenEveryListedUserHasAPasswordTheSecretsUsersAreNotAdded() throws IOException, InvalidServiceException {
        // DFP's mergeUsers: the users parameter wins; the file only lends passwords
        secret("dfp_users_api", "bob:two\n");

        assertThat(auth(settings(), BASE + "users=admin:one&usersSecret=api").users())
                .containsExactly(plain("admin", "one"));
    }

    @Test
    void withoutUsersSecretAUserWithoutPasswordTakesItFromTheGlobalUsers() throws InvalidServiceException {
        Settings global = settings(Map.of("USERS", "admin:global1,other:x"));

        assertThat(auth(global, BASE + "users=admin").users()).containsExactly(plain("admin", "global1"));
    }

    @Test
    void aPasswordTakenFromHashedGlobalUsersStaysAHash() throws InvalidServiceException {
        Settings global = settings(Map.of("USERS", "admin:" + HashVectors.SHA512, "USERS_PASS_ENCRYPTED", "true"));

        assertThat(auth(global, BASE + "users=admin").users())
                .containsExactly(new UserCredential("admin", HashVectors.SHA512, true));
    }

    @Test
    void usersAskedForButNoneValidLocksEverybodyOut() throws InvalidServiceException {
        assertThat(auth(settings(), BASE + "users=nopassword").users()).isEmpty();
        assertThat(auth(settings(), BASE + "users=:,x:").users()).isEmpty();
    }

    @Test
    void anEmptySecretFileLocksEverybodyOut() throws IOException, InvalidServiceException {
        secret("dfp_users_empty", "\n");

        assertThat(auth(settings(), BASE + "usersSecret=empty")).isEqualTo(new BasicAuth("apiRealm", List.of()));
    }

    @Test
    void usersPassEncryptedTakesTheSupportedHashes() throws InvalidServiceException {
        BasicAuth auth = auth(settings(), BASE + "usersPassEncrypted=true&users=a:" + HashVectors.SHA512 + ",b:"
                + HashVectors.BCRYPT_2Y + ",c:" + HashVectors.APR1 + ",d:" + HashVectors.MD5 + ",e:"
                + HashVectors.SHA256);

        assertThat(auth.users()).extracting(UserCredential::hashed).containsOnly(true).hasSize(5);
    }

    @Test
    void usersPassEncryptedAppliesToTheSecretsUsers() throws IOException, InvalidServiceException {
        secret("dfp_users_api", "admin:" + HashVectors.BCRYPT_2B + "\n");

        assertThat(auth(settings(), BASE + "usersSecret=api&usersPassEncrypted=true").users())
                .containsExactly(new UserCredential("admin", HashVectors.BCRYPT_2B, true));
    }

    @Test
    void aMalformedHashIsA400NamingTheParameterWithoutEchoingIt() {
        String truncated = HashVectors.SHA512.substring(0, 40);
        InvalidServiceException e = rejection(settings(), BASE + "usersPassEncrypted=true&users=admin:" + truncated);

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).startsWith("serviceName api: users: usersPassEncrypted=true, but the password of"
                + " user admin is not a crypt(3) hash").doesNotContain(truncated).doesNotContain("saltsaltsalt");
    }

    @Test
    void yescryptIsA400SayingItIsNotSupported() {
        InvalidServiceException e = rejection(settings(),
                BASE + "usersPassEncrypted=true&users=admin:" + HashVectors.YESCRYPT);

        assertThat(e.getMessage()).contains("yescrypt ($y$, Debian's mkpasswd default) is not supported")
                .doesNotContain("Xh9czN1D9Sf6HFT1CUNhx");
    }

    @Test
    void aMalformedHashInTheSecretNamesTheSecretWithoutEchoingIt() throws IOException {
        secret("dfp_users_api", "admin:plainNotAHash\n");

        assertThat(rejection(settings(), BASE + "usersSecret=api&usersPassEncrypted=true").getMessage())
                .contains("usersSecret=api (" + secrets.resolve("dfp_users_api") + ")")
                .doesNotContain("plainNotAHash");
    }

    @Test
    void aUsersPassEncryptedThatIsNotABooleanIsA400() {
        assertThat(rejection(settings(), BASE + "users=a:b&usersPassEncrypted=yes").getMessage())
                .contains("usersPassEncrypted=yes is not valid");
    }

    @Test
    void ignoreAuthorizationExemptsItsDestinationOnly() throws InvalidServiceException {
        ServiceSpec spec = spec(settings(), "serviceName=api&servicePath.1=/a&port.1=80&servicePath.2=/b&port.2=81"
                + "&users=admin:s3cret&ignoreAuthorization.1=true");

        assertThat(spec.destinations().get(0).rules()).containsExactly(new AuthExemption());
        assertThat(spec.destinations().get(1).rules()).singleElement().isInstanceOf(BasicAuth.class);
    }

    @Test
    void ignoreAuthorizationWithoutUsersStillExemptsFromTheGlobalUsers() throws InvalidServiceException {
        List<HttpRule> rules = spec(settings(Map.of("USERS", "admin:x")), BASE + "ignoreAuthorization=true")
                .destinations().getFirst().rules();

        assertThat(rules).containsExactly(new AuthExemption());
    }

    @Test
    void ignoreAuthorizationFalseChangesNothing() throws InvalidServiceException {
        assertThat(auth(settings(), BASE + "users=a:b&ignoreAuthorization=false").realm()).isEqualTo("apiRealm");
    }

    @Test
    void anIgnoreAuthorizationThatIsNotABooleanIsA400NamingItsIndex() {
        assertThat(rejection(settings(), "serviceName=api&servicePath.1=/a&port.1=80&ignoreAuthorization.1=yes")
                .getMessage()).contains("ignoreAuthorization.1=yes is not valid");
    }

    @Test
    void aBadHashIsRefusedEvenWhenEveryDestinationIsExempt() {
        assertThat(rejection(settings(), BASE + "usersPassEncrypted=true&users=a:nohash&ignoreAuthorization=true")
                .status()).isEqualTo(400);
    }

    @Test
    void swarmLabelsAskForTheSameAuthentication() throws InvalidServiceException {
        // what a compose file's com.df.* labels become (compose turns $$ into $)
        Map<String, String> labels = Map.of("com.df.notify", "true", "com.df.servicePath.1", "/api",
                "com.df.port.1", "8080", "com.df.servicePath.2", "/health", "com.df.port.2", "8080",
                "com.df.users", "admin:" + HashVectors.BCRYPT_2Y, "com.df.usersPassEncrypted", "true",
                "com.df.ignoreAuthorization.2", "true");
        Map<String, String> parameters = ServiceLabels.createParameters("stack_api", labels, NotifyLabel.DEFAULT,
                OptionalLong.of(1));

        ServiceSpec spec = new ServiceParameters(settings()).parse(ServiceLabels.asRequest(parameters)).spec()
                .orElseThrow();

        assertThat(auth(spec.destinations().get(0))).isEqualTo(new BasicAuth("stack_apiRealm",
                List.of(new UserCredential("admin", HashVectors.BCRYPT_2Y, true))));
        assertThat(spec.destinations().get(1).rules()).containsExactly(new AuthExemption());
    }

    @Test
    void aTcpDestinationGetsNoAuthentication() throws InvalidServiceException {
        ServiceSpec spec = spec(settings(), "serviceName=db&reqMode=tcp&srcPort=5432&port=5432&users=a:b");

        assertThat(spec.destinations().getFirst().rules()).isEmpty();
    }
}
