package io.lockbench.store.importer;

import static io.lockbench.store.TestStores.SESSION_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockbench.store.SessionStore;
import io.lockbench.store.TestStores;
import io.lockbench.store.config.StoreConfig;
import io.lockbench.store.transcript.TranscriptFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every incremental path must end where a clean import of the final files ends: compared table by
 * table against a store that imported the final tree once.
 */
class IncrementalImportTest {

    private static final String EXTRA_LINE = "{\"type\":\"assistant\",\"uuid\":\"b-a3\",\"sessionId\":\"" + SESSION_B
            + "\",\"timestamp\":\"2026-03-10T10:05:00.000Z\",\"requestId\":\"req_9\",\"message\":{\"id\":\"msg_9\","
            + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[{\"type\":\"text\",\"text\":\"more\"}],"
            + "\"usage\":{\"input_tokens\":11,\"output_tokens\":13}}}";

    @TempDir
    Path dir;

    private Path sessionB(Path root) {
        return root.resolve("-home-dev-app/" + SESSION_B + ".jsonl");
    }

    private Map<String, List<String>> cleanImportOf(Path root) throws IOException {
        Path clean = Files.createDirectories(dir.resolve("clean-" + System.nanoTime()));
        try (SessionStore store = SessionStore.open(StoreConfig.defaults(clean.resolve("clean.db")))) {
            store.importer().importAll(root, ImportOptions.defaults());
            return TestStores.dump(store);
        }
    }

    /**
     * A line edited in place so that a response's output goes down: resuming cannot see it and
     * re-reading keeps the old maximum, but a rebuild ends where a clean import of the edited files does.
     */
    @Test
    void rebuildAfterALineWasEditedInPlaceEqualsACleanImport() throws IOException {
        Path root = TestStores.copyFixture(dir);
        Path sessionA = root.resolve("-home-dev-app/" + TestStores.SESSION_A + ".jsonl");
        try (SessionStore store = SessionStore.open(TestStores.config(dir))) {
            store.importer().importAll(root, ImportOptions.defaults());
            long before = TestStores.count(store, "SELECT sum(output_tokens) FROM token_usage");
            // Same length, so the file looks unchanged to the incremental import: 50 output tokens become 10.
            Files.writeString(
                    sessionA, Files.readString(sessionA).replace("\"output_tokens\": 50", "\"output_tokens\": 10"));

            store.importer().importAll(root, ImportOptions.defaults().withIncremental(false));
            assertThat(TestStores.count(store, "SELECT sum(output_tokens) FROM token_usage"))
                    .as("re-reading keeps the larger count")
                    .isEqualTo(before);

            ImportReport rebuilt = store.importer().rebuildAll(root, ImportOptions.defaults());

            assertThat(rebuilt.filesWithNewData()).isEqualTo(3);
            assertThat(TestStores.count(store, "SELECT sum(output_tokens) FROM token_usage"))
                    .isEqualTo(before - 40);
            assertThat(TestStores.dump(store)).isEqualTo(cleanImportOf(root));
        }
    }

    @Test
    void appendedLines_areImportedOnce() throws IOException {
        Path root = TestStores.copyFixture(dir);
        try (SessionStore store = SessionStore.open(TestStores.config(dir))) {
            store.importer().importAll(root, ImportOptions.defaults());
            Files.writeString(sessionB(root), EXTRA_LINE + "\n", StandardOpenOption.APPEND);

            ImportReport second = store.importer().importAll(root, ImportOptions.defaults());

            assertThat(second.linesRead()).isEqualTo(1);
            assertThat(second.filesWithNewData()).isEqualTo(1);
            assertThat(TestStores.dump(store)).isEqualTo(cleanImportOf(root));
            assertThat(TestStores.count(store, "SELECT line_no FROM messages WHERE uuid = 'b-a3'"))
                    .isEqualTo(4);
        }
    }

    @Test
    void partialLastLine_isLeftForNextImport_thenImportedWhenComplete() throws IOException {
        Path root = TestStores.copyFixture(dir);
        int half = EXTRA_LINE.length() / 2;
        Files.writeString(sessionB(root), EXTRA_LINE.substring(0, half), StandardOpenOption.APPEND);
        try (SessionStore store = SessionStore.open(TestStores.config(dir))) {
            ImportReport first = store.importer().importAll(root, ImportOptions.defaults());
            assertThat(first.pendingPartialLines()).isEqualTo(1);
            assertThat(first.malformedLines()).isEqualTo(2);
            assertThat(TestStores.count(store, "SELECT count(*) FROM messages WHERE uuid = 'b-a3'"))
                    .isZero();

            Files.writeString(sessionB(root), EXTRA_LINE.substring(half) + "\n", StandardOpenOption.APPEND);
            ImportReport second = store.importer().importAll(root, ImportOptions.defaults());

            assertThat(second.pendingPartialLines()).isZero();
            assertThat(second.malformedLines()).isZero();
            assertThat(TestStores.dump(store)).isEqualTo(cleanImportOf(root));
        }
    }

    @Test
    void completeLastLineWithoutNewline_isImported() throws IOException {
        Path root = TestStores.copyFixture(dir);
        Files.writeString(sessionB(root), EXTRA_LINE, StandardOpenOption.APPEND);
        try (SessionStore store = SessionStore.open(TestStores.config(dir))) {
            ImportReport report = store.importer().importAll(root, ImportOptions.defaults());
            assertThat(report.pendingPartialLines()).isZero();
            assertThat(TestStores.count(store, "SELECT count(*) FROM messages WHERE uuid = 'b-a3'"))
                    .isEqualTo(1);
        }
    }

    @Test
    void truncatedFile_isImportedAgainFromTheStart() throws IOException {
        Path root = TestStores.copyFixture(dir);
        try (SessionStore store = SessionStore.open(TestStores.config(dir))) {
            store.importer().importAll(root, ImportOptions.defaults());
            List<String> lines = Files.readAllLines(sessionB(root));
            Files.write(sessionB(root), lines.subList(0, 2));

            ImportReport second = store.importer().importAll(root, ImportOptions.defaults());

            assertThat(second.filesReset()).isEqualTo(1);
            assertThat(TestStores.dump(store)).isEqualTo(cleanImportOf(root));
        }
    }

    /** Emptied, or cut inside its first line: nothing of the session is left, in the list either. */
    @ParameterizedTest(name = "truncated to {0} bytes")
    @ValueSource(ints = {0, 7})
    void fileTruncatedToNoWholeLine_leavesNoSessionBehind(int bytes) throws IOException {
        Path root = TestStores.copyFixture(dir);
        try (SessionStore store = SessionStore.open(TestStores.config(dir))) {
            store.importer().importAll(root, ImportOptions.defaults());
            assertThat(TestStores.count(store, "SELECT count(*) FROM sessions WHERE session_id = '" + SESSION_B + "'"))
                    .isEqualTo(1);
            byte[] content = Files.readAllBytes(sessionB(root));
            Files.write(sessionB(root), java.util.Arrays.copyOf(content, bytes));

            ImportReport second = store.importer().importAll(root, ImportOptions.defaults());

            assertThat(second.filesReset()).isEqualTo(1);
            assertThat(TestStores.count(store, "SELECT count(*) FROM sessions WHERE session_id = '" + SESSION_B + "'"))
                    .isZero();
            assertThat(TestStores.dump(store)).isEqualTo(cleanImportOf(root));
        }
    }

    @Test
    void replacedFile_isDetectedByFingerprint_andImportedAgain() throws IOException {
        Path root = TestStores.copyFixture(dir);
        try (SessionStore store = SessionStore.open(TestStores.config(dir))) {
            store.importer().importAll(root, ImportOptions.defaults());
            StringBuilder replacement = new StringBuilder();
            for (int i = 0; i < 10; i++) {
                replacement
                        .append(EXTRA_LINE.replace("b-a3", "b-x" + i).replace("msg_9", "msg_x" + i))
                        .append('\n');
            }
            assertThat(replacement.length()).isGreaterThan((int) Files.size(sessionB(root)));
            Files.writeString(sessionB(root), replacement);

            ImportReport second = store.importer().importAll(root, ImportOptions.defaults());

            assertThat(second.filesReset()).isEqualTo(1);
            assertThat(TestStores.dump(store)).isEqualTo(cleanImportOf(root));
        }
    }

    @ParameterizedTest(name = "crash after commit {0}")
    @ValueSource(ints = {1, 2, 3, 5, 8})
    void crashBetweenBatches_thenResume_equalsCleanImport(int crashAfterCommit) throws IOException {
        Path root = TestStores.copyFixture(dir);
        StoreConfig config = TestStores.config(dir).with("batch_size", 2);
        try (SessionStore store = SessionStore.open(config)) {
            int[] commits = {0};
            ImportListener crashing = new ImportListener() {
                @Override
                public void committed(Path file, long offset, long bytesSoFar) {
                    if (++commits[0] == crashAfterCommit) {
                        throw new IllegalStateException("simulated crash");
                    }
                }
            };
            assertThatThrownBy(() -> store.importer()
                            .importAll(root, ImportOptions.defaults().withListener(crashing)))
                    .hasMessage("simulated crash");

            store.importer().importAll(root, ImportOptions.defaults());

            assertThat(TestStores.dump(store)).isEqualTo(cleanImportOf(root));
        }
    }

    @Test
    void lineNumbers_continueAcrossResumedImports() throws IOException {
        Path root = TestStores.copyFixture(dir);
        try (SessionStore store = SessionStore.open(TestStores.config(dir))) {
            store.importer().importAll(root, ImportOptions.defaults());
            Files.writeString(sessionB(root), "not json\n", StandardOpenOption.APPEND);
            ImportReport second = store.importer().importAll(root, ImportOptions.defaults());
            assertThat(second.problems())
                    .singleElement()
                    .satisfies(p -> assertThat(p.toString()).isEqualTo(sessionB(root) + ":4: " + p.reason()));
        }
    }

    @Test
    void oversizedLine_isReportedWithoutBeingHeld_andTheRestImported() throws IOException {
        Path root = TestStores.copyFixture(dir);
        String huge = "{\"type\":\"user\",\"uuid\":\"big\",\"message\":{\"content\":\"" + "x".repeat(5000) + "\"}}";
        Files.writeString(sessionB(root), huge + "\n" + EXTRA_LINE + "\n", StandardOpenOption.APPEND);
        try (SessionStore store = SessionStore.open(TestStores.config(dir))) {
            ImportReport report =
                    store.importer().importAll(root, ImportOptions.defaults().withMaxLineBytes(4096));
            assertThat(report.problems())
                    .anyMatch(p -> p.line() == 4 && p.reason().startsWith("line longer than"));
            assertThat(TestStores.count(store, "SELECT count(*) FROM messages WHERE uuid = 'b-a3'"))
                    .isEqualTo(1);
        }
    }

    @Test
    void crlfLinesAndBom_areAccepted() throws IOException {
        Path root = TestStores.copyFixture(dir);
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        Path file = root.resolve("-home-dev-app/dddddddd-0000-4000-8000-000000000004.jsonl");
        String line = EXTRA_LINE
                .replace(SESSION_B, "dddddddd-0000-4000-8000-000000000004")
                .replace("b-a3", "d-1")
                .replace("msg_9", "msg_d");
        Files.write(file, bom);
        Files.writeString(file, line + "\r\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (SessionStore store = SessionStore.open(TestStores.config(dir))) {
            ImportReport report = store.importer().importAll(root, ImportOptions.defaults());
            assertThat(report.problems()).noneMatch(p -> p.file().equals(file));
            assertThat(TestStores.count(store, "SELECT count(*) FROM messages WHERE uuid = 'd-1'"))
                    .isEqualTo(1);
        }
    }

    @Test
    void anImportAskedToStopEndsAfterACommitAndTheNextOneResumesToTheCleanResult() throws IOException {
        Path root = TestStores.copyFixture(dir);
        try (SessionStore store = SessionStore.open(TestStores.config(dir, "batch_size", "1"))) {
            long[] commits = {0};
            ImportListener counting = new ImportListener() {
                @Override
                public void transaction(long holdNanos) {
                    commits[0]++;
                }
            };
            ImportReport stopped = store.importer()
                    .importAll(
                            root,
                            ImportOptions.defaults().withListener(counting).withStop(() -> commits[0] >= 2));
            assertThat(stopped.stopped()).isTrue();
            assertThat(stopped.transactions()).isEqualTo(2);
            ImportReport rest = store.importer().importAll(root, ImportOptions.defaults());
            assertThat(rest.stopped()).isFalse();
            assertThat(TestStores.dump(store)).isEqualTo(cleanImportOf(root));
        }
    }

    @Test
    void reimportingFilesForgetsTheirRowsAndEndsWhereACleanImportEnds() throws IOException {
        Path root = TestStores.copyFixture(dir);
        try (SessionStore store = SessionStore.open(TestStores.config(dir))) {
            store.importer().importAll(root, ImportOptions.defaults());
            List<TranscriptFile> files = SessionImporter.discover(root);
            ImportReport again = store.importer().reimportFiles(files, ImportOptions.defaults());
            assertThat(again.recordsImported()).as("every line is read again").isPositive();
            assertThat(TestStores.dump(store)).isEqualTo(cleanImportOf(root));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"batched", "whole-file", "per-record"})
    void parsingOnTheWritersThreadGivesTheSameStoreAsParsingAhead(String strategy) throws IOException {
        Path root = TestStores.copyFixture(dir);
        Path inline = Files.createDirectories(dir.resolve("inline-" + strategy));
        try (SessionStore store = SessionStore.open(TestStores.config(inline, "import_strategy", strategy))) {
            ImportReport report =
                    store.importer().importAll(root, ImportOptions.defaults().withParseAhead(false));
            assertThat(report.recordsImported()).isPositive();
            assertThat(TestStores.dump(store)).isEqualTo(cleanImportOf(root));
        }
    }
}
