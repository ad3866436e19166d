package dev.swarmgate.proxy.tls;

import dev.swarmgate.config.CertificateFile;
import dev.swarmgate.testing.LogCapture;
import dev.swarmgate.testing.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CertificateStoreTest {

    private static final String A = TestCertificates.combined(TestCertificates.ec("a.example.com"));
    private static final String B = TestCertificates.combined(TestCertificates.ec("b.example.com"));
    private static final String C = TestCertificates.combined(TestCertificates.ec("c.example.com"));

    @TempDir
    Path root;

    private final List<CertificateStore> stores = new ArrayList<>();

    @AfterEach
    void closeStores() {
        stores.forEach(CertificateStore::close);
    }

    private Path certs() {
        return root.resolve("certs");
    }

    private Path secrets() {
        return root.resolve("secrets");
    }

    private CertificateStore store(List<String> preferred) {
        CertificateStore store = new CertificateStore(certs(), secrets(), Optional.of(root.resolve("state")), preferred,
                Clock.systemUTC());
        stores.add(store);
        return store;
    }

    private CertificateStore store() {
        return store(List.of());
    }

    private static List<String> names(CertificateSet set) {
        return set.certificates().stream().map(ServerCertificate::name).toList();
    }

    private void write(Path dir, String name, String text) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name), text);
    }

    @Test
    void servesEveryRegularFileOfTheCertificatesDirectoryInNameOrder() throws Exception {
        write(certs(), "b.pem", B);
        write(certs(), "a", A); // DFP took any file name, without extension too
        Files.createDirectories(certs().resolve("sub.pem"));
        write(certs(), ".hidden.pem", C);

        CertificateSet set = store().load();

        assertThat(names(set)).containsExactly("a", "b.pem");
        assertThat(set.certificates().getFirst().serverNames()).containsExactly("a.example.com");
        assertThat(set.certificates()).allMatch(certificate -> certificate.source() == CertificateSource.DIRECTORY);
    }

    @Test
    void servesSecretsNamedCertDashOrUnderscoreInAnyCaseAfterTheDirectory() throws Exception {
        write(secrets(), "cert-b", B);
        write(secrets(), "CERT_c", C);
        write(secrets(), "dfp_users", "admin:secret");
        write(certs(), "z.pem", A);

        CertificateSet set = store().load();

        assertThat(names(set)).containsExactly("z.pem", "CERT_c", "cert-b");
        assertThat(set.certificates().get(1).source()).isEqualTo(CertificateSource.SECRET);
    }

    @Test
    void preferredGlobsComeFirstInGlobOrder() throws Exception {
        write(certs(), "a.pem", A);
        write(certs(), "b.pem", B);
        write(secrets(), "cert-c", C);

        CertificateSet set = store(List.of("cert-*", "b*")).load();

        assertThat(names(set)).containsExactly("cert-c", "b.pem", "a.pem");
    }

    @Test
    void aFileThatIsNotACertificateIsSkippedAndTheOthersServe() throws Exception {
        write(certs(), "a.pem", A);
        write(certs(), "broken.pem", "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");
        write(certs(), "stray.key", TestCertificates.ec("x.example.com").getPrivateKeyPEM());

        assertThat(names(store().load())).containsExactly("a.pem");
    }

    @Test
    void anUploadIsServedWrittenToTheDirectoryAndKeptUnderTheStateDirOwnerOnly() throws Exception {
        CertificateStore store = store();
        store.load();
        List<CertificateSet> published = new CopyOnWriteArrayList<>();
        store.subscribe(published::add);

        CertificateChange change = store.put(new CertificateFile("a.example.com", A)).join();

        assertThat(change.persistenceProblem()).isEmpty();
        assertThat(change.certificate().source()).isEqualTo(CertificateSource.API);
        assertThat(names(store.current())).containsExactly("a.example.com");
        assertThat(published).singleElement().extracting(CertificateStoreTest::names)
                .isEqualTo(List.of("a.example.com"));
        assertThat(Files.readString(certs().resolve("a.example.com"))).isEqualTo(A);
        Path kept = root.resolve("state").resolve(CertificateStore.STATE_SUBDIRECTORY).resolve("a.example.com");
        assertThat(Files.readString(kept)).isEqualTo(A);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kept))).isEqualTo("rw-------");
    }

    @Test
    void anUploadSurvivesARestartWithoutTheCertificatesDirectory() throws Exception {
        CertificateStore first = store();
        first.load();
        first.put(new CertificateFile("a.pem", A)).join();
        first.close();
        Files.delete(certs().resolve("a.pem")); // a container without a /certs volume starts empty

        CertificateSet set = store().load();

        assertThat(names(set)).containsExactly("a.pem");
        assertThat(set.certificates().getFirst().source()).isEqualTo(CertificateSource.API);
        assertThat(Files.readString(certs().resolve("a.pem"))).as("written back to the directory").isEqualTo(A);
    }

    @Test
    void aBadUploadIsRefusedAndTheGoodCertificateOfThatNameStays() throws Exception {
        CertificateStore store = store();
        store.load();
        store.put(new CertificateFile("a.pem", A)).join();

        assertThatThrownBy(() -> store.put(new CertificateFile("a.pem", "garbage")).join())
                .isInstanceOf(CompletionException.class).cause().isInstanceOf(InvalidCertificateException.class)
                .hasMessageContaining("certificate a.pem holds no PEM block");

        assertThat(store.current().certificates()).singleElement().extracting(ServerCertificate::pem).isEqualTo(A);
        assertThat(Files.readString(certs().resolve("a.pem"))).isEqualTo(A);
    }

    @Test
    void anUploadReplacesTheCertificateOfTheSameName() throws Exception {
        CertificateStore store = store();
        store.load();
        store.put(new CertificateFile("site.pem", A)).join();

        store.put(new CertificateFile("site.pem", B)).join();

        assertThat(store.current().certificates()).singleElement().extracting(ServerCertificate::serverNames)
                .isEqualTo(List.of("b.example.com"));
    }

    @Test
    void aRescanTakesNewAndChangedFilesButNotABrokenReplacement() throws Exception {
        write(certs(), "a.pem", A);
        CertificateStore store = store();
        store.load();
        write(certs(), "b.pem", B);
        write(certs(), "a.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");

        CertificateSet set = store.rescan().join();

        assertThat(names(set)).containsExactly("a.pem", "b.pem");
        assertThat(set.certificates().getFirst().pem()).isEqualTo(A);
    }

    @Test
    void aFileRemovedFromTheDirectoryIsDroppedAtTheNextRescan() throws Exception {
        write(certs(), "a.pem", A);
        write(certs(), "b.pem", B);
        CertificateStore store = store();
        store.load();
        Files.delete(certs().resolve("a.pem"));

        assertThat(names(store.rescan().join())).containsExactly("b.pem");
    }

    @Test
    void shareableCertificatesLeaveSecretsOut() throws Exception {
        write(certs(), "a.pem", A);
        write(secrets(), "cert-b", B);
        CertificateStore store = store();
        store.load();

        assertThat(store.shareable()).extracting(ServerCertificate::name).containsExactly("a.pem");
    }

    @Test
    void putAllStoresTheGoodOnesAndSkipsTheBadOnes() throws Exception {
        CertificateStore store = store();
        store.load();

        CertificateSet set = store.putAll(List.of(new CertificateFile("a.pem", A),
                new CertificateFile("bad.pem", "nonsense"), new CertificateFile("b.pem", B)), "replica 10.0.0.2").join();

        assertThat(names(set)).containsExactly("a.pem", "b.pem");
        assertThat(Files.exists(certs().resolve("bad.pem"))).isFalse();
    }

    @Test
    void anExpiredCertificateIsServedWithAWarningNamingIt() throws Exception {
        write(certs(), "old.pem", TestCertificates.combined(TestCertificates.expired("old.example.com")));

        try (LogCapture log = LogCapture.of(CertificateStore.class)) {
            assertThat(names(store().load())).containsExactly("old.pem");
            assertThat(log.lines()).anySatisfy(line -> assertThat(line)
                    .contains("Certificate old.pem ([old.example.com]) expired on").contains("served anyway"));
        }
    }

    @Test
    void aSkippedFileIsLoggedWithTheReason() throws Exception {
        write(certs(), "broken.pem", "nonsense");

        try (LogCapture log = LogCapture.of(CertificateStore.class)) {
            store().load();
            assertThat(log.lines()).anySatisfy(line -> assertThat(line)
                    .contains("broken.pem is skipped").contains("holds no PEM block"));
        }
    }

    @Test
    void globsMatchStarAndQuestionMarkAndNothingElseSpecially() {
        assertThat(CertificateStore.glob("*.example.com").matcher("a.example.com").matches()).isTrue();
        assertThat(CertificateStore.glob("*.example.com").matcher("aexample.com").matches()).isFalse();
        assertThat(CertificateStore.glob("site?.pem").matcher("site1.pem").matches()).isTrue();
    }
}
