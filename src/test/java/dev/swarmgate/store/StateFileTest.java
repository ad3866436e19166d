package dev.swarmgate.store;

import dev.swarmgate.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.swarmgate.store.StoreFixtures.service;
import static org.assertj.core.api.Assertions.assertThat;

class StateFileTest {

    @TempDir
    Path dir;

    @Test
    void savedServicesLoadBackAsTheirParameterMaps() throws IOException {
        StateFile file = new StateFile(dir);
        file.save(List.of(service("a", "/a", 8080, Source.API), service("b", "/b", 9090, Source.API)));

        List<Map<String, List<String>>> loaded = file.load();

        assertThat(loaded).containsExactly(
                Map.of("serviceName", List.of("a"), "servicePath", List.of("/a"), "port", List.of("8080")),
                Map.of("serviceName", List.of("b"), "servicePath", List.of("/b"), "port", List.of("9090")));
    }

    @Test
    void fileIsAJsonArrayOfServiceNameAndParameters() throws IOException {
        new StateFile(dir).save(List.of(service("a", "/a", 8080, Source.API)));

        String json = Files.readString(dir.resolve("services.json"));

        assertThat(json).contains("\"serviceName\":\"a\"").contains("\"parameters\"").startsWith("[");
    }

    @Test
    void aSaveAfterSomeServicesChangedWritesTheNewSetNotTheOneSavedBefore() throws IOException {
        StateFile file = new StateFile(dir);
        StoredService a = service("a", "/a", 8080, Source.API);
        file.save(List.of(a, service("b", "/b", 8080, Source.API), service("c", "/c", 8080, Source.API)));

        file.save(List.of(a, service("b", "/b2", 9090, Source.API), service("d", "/d", 8080, Source.API)));

        assertThat(new StateFile(dir).load()).containsExactly(
                Map.of("serviceName", List.of("a"), "servicePath", List.of("/a"), "port", List.of("8080")),
                Map.of("serviceName", List.of("b"), "servicePath", List.of("/b2"), "port", List.of("9090")),
                Map.of("serviceName", List.of("d"), "servicePath", List.of("/d"), "port", List.of("8080")));
        file.save(List.of());
        assertThat(new StateFile(dir).load()).isEmpty();
    }

    @Test
    void atomicWriteLeavesNoTemporaryFiles() throws IOException {
        StateFile file = new StateFile(dir);
        file.save(List.of(service("a", "/a", 8080, Source.API)));
        file.save(List.of(service("b", "/b", 8080, Source.API)));

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("services.json");
        }
        assertThat(file.load()).hasSize(1);
    }

    @Test
    void temporaryFilesLeftByACrashAreRemovedWhenTheFileIsReadAtStart() throws IOException {
        new StateFile(dir).save(List.of(service("a", "/a", 8080, Source.API)));
        Files.writeString(dir.resolve("services.json.8141414.tmp"), "[{\"serviceName\": \"a\", \"users\": \"hunter2\"");
        Files.writeString(dir.resolve("services.json.99.tmp"), "");
        Files.writeString(dir.resolve("swarm-services.json.7.tmp"), "kept: another state file's");
        Files.writeString(dir.resolve("services.json.tmp.bak"), "kept: not a name save() makes");

        try (LogCapture log = LogCapture.of(StateFile.class)) {
            assertThat(new StateFile(dir).load()).hasSize(1);

            assertThat(log.lines()).singleElement().asString()
                    .contains("Removed 2 temporary file(s)").contains(dir.resolve("services.json").toString())
                    .doesNotContain("hunter2");
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "services.json", "swarm-services.json.7.tmp", "services.json.tmp.bak");
        }
    }

    @Test
    void fileIsReadableByTheOwnerOnlyBecauseItMayHoldPasswords() throws IOException {
        new StateFile(dir).save(List.of(service("a", "/a", 8080, Source.API)));

        assertThat(Files.getPosixFilePermissions(dir.resolve("services.json")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void missingFileLoadsAsNoServices() {
        assertThat(new StateFile(dir.resolve("not-there")).load()).isEmpty();
    }

    @Test
    void corruptFileLoadsAsNoServicesAndIsKeptAside() throws IOException {
        Files.writeString(dir.resolve("services.json"), "[{\"serviceName\": \"a\", \"param", StandardCharsets.UTF_8);

        assertThat(new StateFile(dir).load()).isEmpty();

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .singleElement().asString().startsWith("services.json.corrupt-");
        }
    }

    @Test
    void corruptFileIsReportedWithoutQuotingItsContents() {
        var messages = LogCapture.of(StateFile.class);
        try {
            Files.writeString(dir.resolve("services.json"), "[{\"serviceName\": \"a\", \"users\": hunter2}]");

            new StateFile(dir).load();

            assertThat(messages.lines()).singleElement().asString()
                    .contains(dir.resolve("services.json").toString())
                    .contains("services.json.corrupt-")
                    .doesNotContain("hunter2");
        } catch (IOException e) {
            throw new AssertionError(e);
        } finally {
            messages.close();
        }
    }

    @Test
    void fileWithTheWrongShapeCountsAsCorrupt() throws IOException {
        Files.writeString(dir.resolve("services.json"), "{\"serviceName\": \"a\"}");

        assertThat(new StateFile(dir).load()).isEmpty();
        assertThat(dir.resolve("services.json")).doesNotExist();
    }

    /** services.json with valid entries a and c around three an earlier run (or a hand edit) got wrong. */
    private static final String ONE_FILE_THREE_BAD_ENTRIES = """
            [
              {"serviceName": "a", "parameters": {"serviceName": ["a"], "servicePath": ["/a"], "port": ["8080"]}},
              {"serviceName": "b", "parameters": {"serviceName": ["b"], "users": "admin:hunter2"}},
              42,
              {"parameters": {"serviceName": ["nameless"], "pass": ["hunter2"]}},
              {"serviceName": "c", "parameters": {"serviceName": ["c"], "servicePath": ["/c"], "port": ["9090"]}}
            ]""";

    @Test
    void badEntriesAreSetAsideAndTheOthersLoad() throws IOException {
        Files.writeString(dir.resolve("services.json"), ONE_FILE_THREE_BAD_ENTRIES);

        List<Map<String, List<String>>> loaded = new StateFile(dir).load();

        assertThat(loaded).extracting(parameters -> parameters.get("serviceName").getFirst()).containsExactly("a", "c");
        Path rejected;
        try (Stream<Path> files = Files.list(dir)) {
            rejected = files.filter(p -> p.getFileName().toString().startsWith("services.json.rejected-"))
                    .collect(Collectors.collectingAndThen(Collectors.toList(), List::getFirst));
        }
        assertThat(Files.getPosixFilePermissions(rejected))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.readString(rejected)).contains("admin:hunter2").contains("42").contains("nameless")
                .doesNotContain("\"/a\"").doesNotContain("\"/c\"");
        assertThat(new StateFile(dir).load()).as("the file now holds the good entries only").hasSize(2);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("a second start sets nothing aside again").hasSize(2);
        }
    }

    @Test
    void eachBadEntryIsLoggedByIndexAndNameWithoutItsValues() throws IOException {
        Files.writeString(dir.resolve("services.json"), ONE_FILE_THREE_BAD_ENTRIES);

        try (LogCapture log = LogCapture.of(StateFile.class)) {
            new StateFile(dir).load();

            assertThat(log.lines()).hasSize(3).noneMatch(line -> line.contains("hunter2"));
            assertThat(log.lines().get(0)).contains("entry at index 1 (serviceName b)")
                    .contains("parameter users is not a list of strings").contains("services.json.rejected-");
            assertThat(log.lines().get(1)).contains("entry at index 2").contains("is not a JSON object");
            assertThat(log.lines().get(2)).contains("entry at index 3").contains("has no serviceName");
        }
    }
}
