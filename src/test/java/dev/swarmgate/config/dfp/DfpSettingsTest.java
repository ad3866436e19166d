package dev.swarmgate.config.dfp;

import dev.swarmgate.config.BasicAuth;
import dev.swarmgate.config.DomainMatch;
import dev.swarmgate.config.ListenerSpec;
import dev.swarmgate.config.ReplicaSync;
import dev.swarmgate.config.Settings;
import dev.swarmgate.config.Timeouts;
import dev.swarmgate.config.UserCredential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DfpSettingsTest {

    @TempDir
    Path secrets;

    @TempDir
    Path scratch;

    private Settings read(Map<String, String> env) {
        return DfpSettings.read(env, secrets, scratch.resolve("no-errorfiles"));
    }

    private void secret(String name, String content) throws IOException {
        Files.writeString(secrets.resolve(name), content);
    }

    @Test
    void defaultsAreTheDfpImageDefaults() {
        Settings settings = read(Map.of());
        assertThat(settings.adminHost()).isEqualTo("0.0.0.0");
        assertThat(settings.adminPort()).isEqualTo(8080);
        assertThat(settings.defaultPorts())
                .containsExactly(new ListenerSpec(80, false, false), new ListenerSpec(443, true, false));
        assertThat(settings.bindPorts()).isEmpty();
        assertThat(settings.timeouts()).isEqualTo(Timeouts.dfpDefaults());
        assertThat(settings.separator()).isEqualTo(",");
        assertThat(settings.defaultDomainMatch()).isEqualTo(DomainMatch.PREFIX);
        assertThat(settings.httpsOnly()).isFalse();
        assertThat(settings.stateDir()).contains(Path.of("/var/lib/swarmgate"));
        assertThat(settings.errorPagesDir()).isEmpty();
        assertThat(settings.unsupported()).isEmpty();
    }

    @Test
    void environmentValuesAreRead() {
        Settings settings = read(Map.of("IP", "127.0.0.1", "PORT", "9000", "SEPARATOR", ";",
                "BIND_PORTS", "8081,8443:ssl", "SERVICE_DOMAIN_ALGO", "hdr_dom(host)", "HTTPS_ONLY", "true"));
        assertThat(settings.adminHost()).isEqualTo("127.0.0.1");
        assertThat(settings.adminPort()).isEqualTo(9000);
        assertThat(settings.separator()).isEqualTo(";");
        assertThat(settings.bindPorts())
                .containsExactly(new ListenerSpec(8081, false, false), new ListenerSpec(8443, true, false));
        assertThat(settings.defaultDomainMatch()).isEqualTo(DomainMatch.DOMAIN);
        assertThat(settings.httpsOnly()).isTrue();
    }

    @Test
    void timeoutsAreSeconds() {
        Settings settings = read(Map.of("TIMEOUT_CLIENT", "30", "TIMEOUT_HTTP_KEEP_ALIVE", "2"));
        assertThat(settings.timeouts().client()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.timeouts().httpKeepAlive()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.timeouts().server()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void secretFileWinsOverEnvironment() throws IOException {
        secret("dfp_port", "9100\n");
        assertThat(read(Map.of("PORT", "9000")).adminPort()).isEqualTo(9100);
    }

    @Test
    void secretsWorkForVariablesDfpReadOnlyFromTheEnvironment() throws IOException {
        secret("dfp_separator", ";");
        secret("dfp_https_only", "true");
        secret("dfp_service_domain_algo", "hdr(host)");
        Settings settings = read(Map.of());
        assertThat(settings.separator()).isEqualTo(";");
        assertThat(settings.httpsOnly()).isTrue();
        assertThat(settings.defaultDomainMatch()).isEqualTo(DomainMatch.EXACT);
    }

    @Test
    void secretTrailingNewlinesAreRemoved() throws IOException {
        secret("dfp_default_ports", "8080\n\n");
        assertThat(read(Map.of()).defaultPorts()).containsExactly(new ListenerSpec(8080, false, false));
    }

    @Test
    void emptyEnvironmentValueMeansUnset() {
        assertThat(read(Map.of("PORT", "", "SEPARATOR", "")).adminPort()).isEqualTo(8080);
        assertThat(read(Map.of("SEPARATOR", "")).separator()).isEqualTo(",");
    }

    @Test
    void malformedTimeoutNamesVariableValueAndExpectedForm() {
        assertThatThrownBy(() -> read(Map.of("TIMEOUT_CLIENT", "abc"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TIMEOUT_CLIENT=abc").hasMessageContaining("from the environment")
                .hasMessageContaining("whole number of seconds");
    }

    @Test
    void malformedSecretSaysItCameFromTheSecret() throws IOException {
        secret("dfp_timeout_server", "20s");
        assertThatThrownBy(() -> read(Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TIMEOUT_SERVER=20s").hasMessageContaining("secret dfp_timeout_server");
    }

    @Test
    void outOfRangePortIsRejected() {
        assertThatThrownBy(() -> read(Map.of("PORT", "70000"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PORT=70000").hasMessageContaining("1 to 65535");
    }

    @Test
    void malformedDefaultPortsIsRejected() {
        assertThatThrownBy(() -> read(Map.of("DEFAULT_PORTS", "80x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DEFAULT_PORTS=80x").hasMessageContaining("80,443:ssl");
    }

    @Test
    void portItemsCarrySslAndAcceptProxy() {
        assertThat(read(Map.of("DEFAULT_PORTS", "80 accept-proxy,443 accept-proxy:ssl")).defaultPorts())
                .containsExactly(new ListenerSpec(80, false, true), new ListenerSpec(443, true, true));
    }

    @Test
    void otherBindOptionsAreReportedAsUnsupported() {
        Settings settings = read(Map.of("BIND_PORTS", "8081 tfo"));
        assertThat(settings.bindPorts()).containsExactly(new ListenerSpec(8081, false, false));
        assertThat(settings.unsupported()).singleElement().asString().contains("BIND_PORTS").contains("8081 tfo");
    }

    @Test
    void unknownServiceDomainAlgoIsRejected() {
        assertThatThrownBy(() -> read(Map.of("SERVICE_DOMAIN_ALGO", "req.ssl_sni")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SERVICE_DOMAIN_ALGO=req.ssl_sni");
    }

    @Test
    void malformedHttpsOnlyIsRejected() {
        assertThatThrownBy(() -> read(Map.of("HTTPS_ONLY", "yes"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HTTPS_ONLY=yes").hasMessageContaining("true or false");
    }

    @Test
    void stateDirCanBeSet() {
        assertThat(read(Map.of("STATE_DIR", "/data")).stateDir()).contains(Path.of("/data"));
    }

    @Test
    void errorPagesDirCanBeSet() {
        assertThat(read(Map.of("ERROR_PAGES_DIR", "/pages")).errorPagesDir()).contains(Path.of("/pages"));
    }

    @Test
    void errorPagesDirDefaultsToErrorfilesWhenItExists() throws IOException {
        Path errorfiles = Files.createDirectory(scratch.resolve("errorfiles"));
        assertThat(DfpSettings.read(Map.of(), secrets, errorfiles).errorPagesDir()).contains(errorfiles);
    }

    static Stream<DfpVariable> ignoredVariables() {
        return Arrays.stream(DfpVariable.values()).filter(DfpVariable::ignored);
    }

    @ParameterizedTest
    @MethodSource("ignoredVariables")
    void ignoredVariableIsReportedWhenSet(DfpVariable variable) {
        Settings settings = read(Map.of(variable.name(), "x"));
        assertThat(settings.unsupported()).singleElement().asString()
                .startsWith(variable.name() + " ").endsWith(", so it is ignored");
    }

    @Test
    void ignoredVariableGivenOnlyAsSecretIsReported() throws IOException {
        secret("dfp_extra_frontend", "option httplog\n");
        assertThat(read(Map.of()).unsupported()).singleElement().asString().startsWith("EXTRA_FRONTEND ");
    }

    @Test
    void noUsersNoGlobalAuthentication() {
        assertThat(read(Map.of()).globalAuth()).isEmpty();
    }

    @Test
    void globalUsersGuardInDfpsDefaultRealm() {
        assertThat(read(Map.of("USERS", "admin:hunter2,bob:pw")).globalAuth()).contains(new BasicAuth("defaultRealm",
                List.of(new UserCredential("admin", "hunter2", false), new UserCredential("bob", "pw", false))));
    }

    @Test
    void theDfpUsersSecretWinsOverTheEnvironment() throws IOException {
        secret("dfp_users", "fromsecret:pw\n");

        assertThat(read(Map.of("USERS", "fromenv:pw")).globalAuth().orElseThrow().users())
                .extracting(UserCredential::user).containsExactly("fromsecret");
    }

    @Test
    void globalUsersWithoutPasswordAreDroppedAndNoneLeftLocksEverybodyOut() {
        assertThat(read(Map.of("USERS", "admin,bob:pw")).globalAuth().orElseThrow().users())
                .extracting(UserCredential::user).containsExactly("bob");
        assertThat(read(Map.of("USERS", "admin")).globalAuth()).contains(new BasicAuth("defaultRealm", List.of()));
    }

    @Test
    void usersPassEncryptedMakesTheGlobalPasswordsHashes() {
        String hash = "$6$saltsaltsalt$FUTXsgNpMxVPwnX4XalnoSItgvVbUy6eQVJVcn9taCOEVAPu1PukMtU6lAfNfDb9ttqSN7i8gT2C5j2"
                + "TY43X01";

        assertThat(read(Map.of("USERS", "admin:" + hash, "USERS_PASS_ENCRYPTED", "true")).globalAuth().orElseThrow()
                .users()).containsExactly(new UserCredential("admin", hash, true));
    }

    @Test
    void aGlobalPasswordThatIsNotASupportedHashStopsTheStartWithoutShowingIt() throws IOException {
        assertThatThrownBy(() -> read(Map.of("USERS", "admin:hunter2", "USERS_PASS_ENCRYPTED", "true")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("USERS (from the environment) is not valid")
                .hasMessageContaining("password of user admin is not a crypt(3) hash")
                .hasMessageNotContaining("hunter2");
        secret("dfp_users", "admin:$y$j9T$Xh9czN1D9Sf6HFT1CUNhx.$ZPU/fcoJmNLDFQXTBLuGXbNdkKgr2Wx0hEd70yr7XK0\n");
        assertThatThrownBy(() -> read(Map.of("USERS_PASS_ENCRYPTED", "true")))
                .hasMessageContaining("from secret dfp_users").hasMessageContaining("yescrypt")
                .hasMessageNotContaining("Xh9czN1D9Sf6HFT1CUNhx");
    }

    @Test
    void theSecretsDirectoryIsKeptForUsersSecret() {
        assertThat(read(Map.of()).secretsDir()).isEqualTo(secrets);
    }

    @Test
    void legacyModeIsAcceptedAndReported() {
        assertThat(read(Map.of("MODE", "swarm")).unsupported()).singleElement().asString().startsWith("MODE ");
    }

    @Test
    void everyVariableHasItsLowercaseSecretName() {
        assertThat(DfpVariable.TIMEOUT_HTTP_KEEP_ALIVE.secretName()).isEqualTo("dfp_timeout_http_keep_alive");
    }

    @Test
    void ioThreadsDefaultToOnePerCpuAndRejectNegativeValues() {
        assertThat(read(Map.of()).ioThreads()).isZero();
        assertThat(read(Map.of("IO_THREADS", "1")).ioThreads()).isEqualTo(1);
        assertThatThrownBy(() -> read(Map.of("IO_THREADS", "-2"))).hasMessageContaining("IO_THREADS");
    }

    @Test
    void proxyProtocolTrustedNetworksDefaultToEveryone() {
        assertThat(read(Map.of()).proxyProtocolTrustedNetworks().everyone()).isTrue();
    }

    @Test
    void proxyProtocolTrustedNetworksAreACidrList() {
        assertThat(read(Map.of("PROXY_PROTOCOL_TRUSTED_NETWORKS", "10.0.0.0/8,fd00::/8"))
                .proxyProtocolTrustedNetworks().networks()).extracting(Object::toString)
                .containsExactly("10.0.0.0/8", "fd00:0:0:0:0:0:0:0/8");
    }

    @Test
    void malformedTrustedNetworkNamesVariableAndItem() {
        assertThatThrownBy(() -> read(Map.of("PROXY_PROTOCOL_TRUSTED_NETWORKS", "10.0.0.0/8,10.1/99")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PROXY_PROTOCOL_TRUSTED_NETWORKS=10.0.0.0/8,10.1/99")
                .hasMessageContaining("10.1/99");
    }

    @Test
    void replicaSyncDefaultsAreDfpsWithARealReloadInterval() {
        ReplicaSync sync = read(Map.of()).replicaSync();
        assertThat(sync.proxyServiceName()).isEqualTo("proxy");
        assertThat(sync.replicasHost()).isEqualTo("tasks.proxy");
        assertThat(sync.listeners()).isEmpty();
        assertThat(sync.reloadInterval()).isEqualTo(Duration.ofMillis(5000));
        assertThat(sync.reloadAttempts()).isEqualTo(5);
        assertThat(sync.repeatReload()).isFalse();
    }

    @Test
    void replicaSyncVariablesAreReadAndNotReportedAsIgnored() {
        Settings settings = read(Map.of("SERVICE_NAME", "proxy_proxy", "LISTENER_ADDRESS", "swarm-listener",
                "RELOAD_INTERVAL", "250", "RELOAD_ATTEMPTS", "3", "REPEAT_RELOAD", "true"));
        ReplicaSync sync = settings.replicaSync();
        assertThat(sync.replicasHost()).isEqualTo("tasks.proxy_proxy");
        assertThat(sync.listeners()).containsExactly(URI.create("http://swarm-listener:8080"));
        assertThat(sync.reloadInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(sync.reloadAttempts()).isEqualTo(3);
        assertThat(sync.repeatReload()).isTrue();
        assertThat(settings.unsupported()).isEmpty();
    }

    @Test
    void listenerAddressesTakeHostHostAndPortOrAUrl() {
        assertThat(read(Map.of("LISTENER_ADDRESS", " a , b:9000,http://c,https://d:8443/base/,http://[fd00::1]"))
                .replicaSync().listeners()).extracting(URI::toString).containsExactly(
                        "http://a:8080", "http://b:9000", "http://c:8080", "https://d:8443/base",
                        "http://[fd00::1]:8080");
    }

    @Test
    void listenerAddressesMayBeStackPrefixedServiceNamesWithUnderscores() {
        assertThat(read(Map.of("LISTENER_ADDRESS", "proxy_listener,http://proxy_listener:8081,my_stack_l:9000/x/"))
                .replicaSync().listeners()).extracting(URI::toString).containsExactly(
                        "http://proxy_listener:8080", "http://proxy_listener:8081", "http://my_stack_l:9000/x");
        assertThatThrownBy(() -> read(Map.of("LISTENER_ADDRESS", "proxy_listener:99999")))
                .hasMessageContaining("the port must be from 1 to 65535");
    }

    @Test
    void malformedListenerAddressNamesTheItem() {
        assertThatThrownBy(() -> read(Map.of("LISTENER_ADDRESS", "good,bad:port")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LISTENER_ADDRESS=good,bad:port")
                .hasMessageContaining("item 'bad:port'")
                .hasMessageContaining("host:port");
        assertThatThrownBy(() -> read(Map.of("LISTENER_ADDRESS", "ftp://x")))
                .hasMessageContaining("the scheme must be http or https");
    }

    @Test
    void aListenerAddressWithAPasswordIsRefusedWithoutShowingThePassword() {
        assertThatThrownBy(() -> read(Map.of("LISTENER_ADDRESS", "http://ops:s3cret@swarm-listener:8080,ops:0ther@b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LISTENER_ADDRESS=http://ops:xxxxx@swarm-listener:8080,ops:xxxxx@b")
                .hasMessageContaining("item 'http://ops:xxxxx@swarm-listener:8080'")
                .hasMessageContaining("no query, fragment or user")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret", "0ther"));
    }

    @Test
    void reloadIntervalAndAttemptsMustBePositive() {
        assertThatThrownBy(() -> read(Map.of("RELOAD_INTERVAL", "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RELOAD_INTERVAL=0")
                .hasMessageContaining("milliseconds");
        assertThatThrownBy(() -> read(Map.of("RELOAD_ATTEMPTS", "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RELOAD_ATTEMPTS=0");
        assertThatThrownBy(() -> read(Map.of("REPEAT_RELOAD", "yes")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("REPEAT_RELOAD=yes");
    }

    @Test
    void serviceNameMustBeAServiceName() {
        assertThatThrownBy(() -> read(Map.of("SERVICE_NAME", "my proxy")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SERVICE_NAME=my proxy")
                .hasMessageContaining("proxy_proxy");
    }
}
