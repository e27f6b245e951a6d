package io.lockbench.store.importer;

import static io.lockbench.store.TestStores.SESSION_A;
import static io.lockbench.store.TestStores.SESSION_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockbench.store.SessionStore;
import io.lockbench.store.TestStores;
import io.lockbench.store.config.ConnectionStrategy;
import io.lockbench.store.config.ImportStrategy;
import io.lockbench.store.config.StoreConfig;
import io.lockbench.store.query.SessionDetail;
import io.lockbench.store.query.TokenTotals;
import io.lockbench.store.transcript.InvalidInputException;
import io.lockbench.store.transcript.LineProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SessionImporterTest {

    @TempDir
    Path dir;

    static Stream<Arguments> strategies() {
        return Stream.of(ImportStrategy.values())
                .flatMap(strategy ->
                        Stream.of(ConnectionStrategy.values()).map(connections -> Arguments.of(strategy, connections)));
    }

    private StoreConfig config(ImportStrategy strategy, ConnectionStrategy connections, int batchSize) {
        return TestStores.config(dir)
                .with("import_strategy", strategy.configName())
                .with("connection_strategy", connections.configName())
                .with("batch_size", batchSize);
    }

    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("strategies")
    void import_ofFixture_countsEveryTableAsHandChecked(ImportStrategy strategy, ConnectionStrategy connections)
            throws IOException {
        Path root = TestStores.copyFixture(dir);
        try (SessionStore store = SessionStore.open(config(strategy, connections, 3))) {
            ImportReport report = store.importer().importAll(root, ImportOptions.defaults());

            assertThat(report.filesSeen()).isEqualTo(3);
            assertThat(report.malformedLines()).isEqualTo(2);
            assertThat(report.problems()).extracting(LineProblem::line).containsExactly(7L, 14L);
            assertThat(report.problems().get(1).reason()).contains("negative token count in output_tokens");
            assertThat(report.blankLines()).isEqualTo(1);
            assertThat(report.unknownTypes()).isEqualTo(Map.of("mystery-record", 1L));
            assertThat(TestStores.count(store, "SELECT count(*) FROM sessions")).isEqualTo(2);
            assertThat(TestStores.count(store, "SELECT count(*) FROM messages")).isEqualTo(10);
            assertThat(TestStores.count(store, "SELECT count(*) FROM token_usage"))
                    .isEqualTo(5);
            assertThat(TestStores.count(
                            store, "SELECT count(*) FROM tool_results WHERE is_error = 1 AND tool_name = 'Bash'"))
                    .isEqualTo(1);
            assertThat(TestStores.count(store, "SELECT count(*) FROM import_errors"))
                    .isEqualTo(2);

            SessionDetail a = store.queries().session(SESSION_A).orElseThrow();
            assertThat(a.session().tokens()).isEqualTo(new TokenTotals(4, 20, 81, 100, 100));
            assertThat(a.session().messages()).isEqualTo(8);
            assertThat(a.session().summary()).isEqualTo("Fix the failing build");
            assertThat(a.session().cwd()).isEqualTo("/home/dev/app");
            assertThat(a.sidechainMessages()).isEqualTo(2);
            SessionDetail b = store.queries().session(SESSION_B).orElseThrow();
            assertThat(b.session().tokens()).isEqualTo(new TokenTotals(1, 7, 30, 0, 0));
            assertThat(b.session().messages()).isEqualTo(2);
        }
    }

    @Test
    void import_firstSeenPolicy_keepsThePlaceholderOutputOfTheFirstStreamedLine() throws IOException {
        Path root = TestStores.copyFixture(dir);
        try (SessionStore store = SessionStore.open(TestStores.config(dir).with("usage_policy", "first-seen"))) {
            store.importer().importAll(root, ImportOptions.defaults());
            assertThat(store.queries()
                            .session(SESSION_A)
                            .orElseThrow()
                            .session()
                            .tokens()
                            .output())
                    .isEqualTo(1 + 20 + 7 + 4);
        }
    }

    @Test
    void reimport_fromTheStart_changesNothing() throws IOException {
        Path root = TestStores.copyFixture(dir);
        try (SessionStore store = SessionStore.open(TestStores.config(dir))) {
            store.importer().importAll(root, ImportOptions.defaults());
            Map<String, List<String>> first = TestStores.dump(store);

            ImportReport again =
                    store.importer().importAll(root, ImportOptions.defaults().withIncremental(false));

            assertThat(TestStores.dump(store)).isEqualTo(first);
            assertThat(again.rowsChanged().get("messages")).isZero();
        }
    }

    @Test
    void incrementalReimport_ofUnchangedFiles_readsNothing() throws IOException {
        Path root = TestStores.copyFixture(dir);
        try (SessionStore store = SessionStore.open(TestStores.config(dir))) {
            store.importer().importAll(root, ImportOptions.defaults());
            ImportReport again = store.importer().importAll(root, ImportOptions.defaults());
            assertThat(again.filesUnchanged()).isEqualTo(3);
            assertThat(again.linesRead()).isZero();
            assertThat(again.transactions()).isZero();
        }
    }

    @Test
    void everyStrategy_buildsTheSameDatabase() throws IOException {
        Map<String, List<String>> reference = null;
        for (ImportStrategy strategy : ImportStrategy.values()) {
            for (int batch : new int[] {1, 2, 100}) {
                Path run = Files.createDirectories(dir.resolve(strategy.configName() + "-" + batch));
                Path root = TestStores.copyFixture(run);
                StoreConfig config = StoreConfig.defaults(run.resolve("store.db"))
                        .with("import_strategy", strategy.configName())
                        .with("batch_size", batch);
                try (SessionStore store = SessionStore.open(config)) {
                    store.importer().importAll(root, ImportOptions.defaults());
                    Map<String, List<String>> dump = TestStores.dump(store);
                    if (reference == null) {
                        reference = dump;
                    } else {
                        assertThat(dump).as(strategy + " batch " + batch).isEqualTo(reference);
                    }
                }
            }
        }
    }

    /**
     * A replayed final line (most output, later timestamp) read before the response's first streamed
     * line (placeholder output, earliest timestamp): the row keeps the winning figures and the earliest
     * timestamp whether the lines meet in one transaction or in two.
     */
    @Test
    void usageTimestampIsTheEarliestLineWhicheverTransactionEachLineLandsIn() throws IOException {
        String template = "{\"type\":\"assistant\",\"uuid\":\"%s\",\"sessionId\":\"%s\",\"timestamp\":\"%s\","
                + "\"requestId\":\"req_r\",\"message\":{\"id\":\"msg_r\",\"role\":\"assistant\",\"model\":\"m\","
                + "\"content\":[],\"usage\":{\"input_tokens\":3,\"output_tokens\":%d}}}\n";
        Map<String, List<String>> reference = null;
        for (int batch : new int[] {1, 100}) {
            Path root = dir.resolve("replay-" + batch);
            Path session = Files.createDirectories(root.resolve("-p")).resolve(TestStores.SESSION_A + ".jsonl");
            Files.writeString(
                    session,
                    String.format(template, "u-final", TestStores.SESSION_A, "2026-03-09T09:00:05.000Z", 434)
                            + String.format(template, "u-first", TestStores.SESSION_A, "2026-03-09T09:00:01.000Z", 5));
            try (SessionStore store =
                    SessionStore.open(TestStores.config(root, "batch_size", Integer.toString(batch)))) {
                store.importer().importAll(root, ImportOptions.defaults());
                assertThat(TestStores.count(store, "SELECT output_tokens FROM token_usage"))
                        .isEqualTo(434);
                assertThat(TestStores.count(store, "SELECT ts FROM token_usage"))
                        .isEqualTo(
                                java.time.Instant.parse("2026-03-09T09:00:01Z").toEpochMilli());
                Map<String, List<String>> dump = TestStores.dump(store);
                if (reference == null) {
                    reference = dump;
                } else {
                    assertThat(dump).isEqualTo(reference);
                }
            }
        }
    }

    @Test
    void import_ofMissingDirectory_failsWithOneClearLine() {
        try (SessionStore store = SessionStore.open(TestStores.config(dir))) {
            assertThatThrownBy(() -> store.importer().importAll(dir.resolve("nope"), ImportOptions.defaults()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("transcript directory " + dir.resolve("nope") + " does not exist");
        }
    }

    @Test
    void import_ofAPlainFile_saysToPassTheProjectsDirectory() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "hello\n");
        try (SessionStore store = SessionStore.open(TestStores.config(dir))) {
            assertThatThrownBy(() -> store.importer().importAll(file, ImportOptions.defaults()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("is not a directory");
        }
    }

    @Test
    void import_ofTreeWithoutTranscripts_saysWhatItExpected() throws IOException {
        Files.createDirectories(dir.resolve("empty/project"));
        Files.writeString(dir.resolve("empty/project/readme.jsonl.bak"), "{}\n");
        try (SessionStore store = SessionStore.open(TestStores.config(dir))) {
            assertThatThrownBy(() -> store.importer().importAll(dir.resolve("empty"), ImportOptions.defaults()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("no transcript files under");
        }
    }

    @Test
    void import_ofBinaryJsonlFile_reportsEveryLineAndKeepsGoing() throws IOException {
        Path root = TestStores.copyFixture(dir);
        Path binary = root.resolve("-home-dev-app/cccccccc-0000-4000-8000-000000000003.jsonl");
        Files.write(binary, new byte[] {0, 1, 2, (byte) 0xff, '\n', 'P', 'K', 3, 4, '\n'});
        try (SessionStore store = SessionStore.open(TestStores.config(dir))) {
            ImportReport report = store.importer().importAll(root, ImportOptions.defaults());
            assertThat(report.malformedLines()).isEqualTo(4);
            assertThat(report.problems())
                    .filteredOn(p -> p.file().equals(binary))
                    .hasSize(2);
            assertThat(TestStores.count(store, "SELECT count(*) FROM token_usage"))
                    .isEqualTo(5);
        }
    }

    @Test
    void import_ofUnreadableFile_reportsItAndImportsTheOthers() throws IOException {
        Path root = TestStores.copyFixture(dir);
        Path locked = root.resolve("-home-dev-app/" + SESSION_B + ".jsonl");
        assertThat(locked.toFile().setReadable(false)).isTrue();
        try (SessionStore store = SessionStore.open(TestStores.config(dir))) {
            org.junit.jupiter.api.Assumptions.assumeFalse(
                    Files.isReadable(locked), "running as root: file permissions do not stop reads");
            ImportReport report = store.importer().importAll(root, ImportOptions.defaults());
            assertThat(report.filesFailed()).isEqualTo(1);
            assertThat(report.problems()).anyMatch(p -> p.reason().equals("cannot read: permission denied"));
        }
    }
}
