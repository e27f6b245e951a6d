package io.lockbench.store.importer;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.store.SessionStore;
import io.lockbench.store.TestStores;
import io.lockbench.store.config.StoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batched transaction takes the lines that are already parsed, across file boundaries, up to
 * {@code batch_size} records or its hold budget. The parser is let finish the fixture's three small
 * files before the first transaction, so what is ready is known and the counts are exact.
 */
class BatchedTransactionsTest {

    @TempDir
    Path dir;

    @Test
    void readyLinesOfSeveralFilesShareOneTransaction_andEveryFileMovesItsOffsetInIt() throws Exception {
        Path root = TestStores.copyFixture(dir);
        List<Path> committedFiles = new ArrayList<>();
        try (SessionStore store = SessionStore.open(TestStores.config(dir, "batch_size", "1000"))) {
            ImportReport report = store.importer().importAll(root, afterParsing(committedFiles));

            assertThat(report.transactions()).isEqualTo(1);
            assertThat(committedFiles).hasSize(3).doesNotHaveDuplicates();
            assertThat(offsets(store))
                    .allSatisfy((path, offset) -> assertThat(offset).as(path).isEqualTo(size(path)));
            assertThat(TestStores.dump(store)).isEqualTo(cleanImportOf(root));
        }
    }

    @Test
    void aTransactionPastItsHoldBudgetTakesNoFurtherBatch() throws Exception {
        Path root = TestStores.copyFixture(dir);
        StoreConfig config = TestStores.config(dir, "batch_size", "1000", "batch_max_hold_ms", "1");
        try (SessionStore store = SessionStore.open(config)) {
            slowDownEveryMessage(store);
            ImportReport report = store.importer().importAll(root, afterParsing(new ArrayList<>()));

            // Each file is one parsed batch, and writing any batch takes longer than the 1 ms budget.
            assertThat(report.transactions()).isEqualTo(3);
            assertThat(offsets(store))
                    .allSatisfy((path, offset) -> assertThat(offset).as(path).isEqualTo(size(path)));
            dropSlowDown(store);
            assertThat(TestStores.dump(store)).isEqualTo(cleanImportOf(root));
        }
    }

    @Test
    void batchSizeStillBoundsATransactionOfSeveralFiles() throws Exception {
        Path root = TestStores.copyFixture(dir);
        try (SessionStore store = SessionStore.open(TestStores.config(dir, "batch_size", "5"))) {
            ImportReport report = store.importer().importAll(root, afterParsing(new ArrayList<>()));

            // 13 + 1 + 3 records in batches of at most 5: 5, 5, then the first file's last 3 with the
            // second file's 1 (the third file's 3 do not fit), then 3.
            assertThat(report.recordsImported() + report.malformedLines()).isEqualTo(17);
            assertThat(report.transactions()).isEqualTo(4);
            assertThat(TestStores.dump(store)).isEqualTo(cleanImportOf(root));
        }
    }

    /** Options whose first stop check waits for the parser to have read every file (as a slow writer would). */
    private static ImportOptions afterParsing(List<Path> committedFiles) {
        BooleanSupplier waitForParser = new BooleanSupplier() {
            boolean waited;

            @Override
            public boolean getAsBoolean() {
                if (!waited) {
                    waited = true;
                    long deadline = System.nanoTime() + 60_000_000_000L;
                    while (parserRunning() && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                }
                return false;
            }
        };
        ImportListener listener = new ImportListener() {
            @Override
            public void committed(Path file, long offset, long bytesSoFar) {
                committedFiles.add(file);
            }
        };
        return ImportOptions.defaults().withStop(waitForParser).withListener(listener);
    }

    private static boolean parserRunning() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("lockbench-import-parser") && t.isAlive());
    }

    /** A trigger that makes every message insert rewrite 20,000 rows: far more than 1 ms on any machine. */
    static void slowDownEveryMessage(SessionStore store) throws SQLException {
        try (Connection c = TestStores.connections(store).openWriter();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE slow_down (n INTEGER)");
            s.execute("WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 20000)"
                    + " INSERT INTO slow_down SELECT n FROM k");
            s.execute("CREATE TRIGGER slow_down_messages AFTER INSERT ON messages BEGIN"
                    + " UPDATE slow_down SET n = n + 1; END");
        }
    }

    private static void dropSlowDown(SessionStore store) throws SQLException {
        try (Connection c = TestStores.connections(store).openWriter();
                Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER slow_down_messages");
            s.execute("DROP TABLE slow_down");
        }
    }

    private static Map<String, Long> offsets(SessionStore store) throws SQLException {
        Map<String, Long> offsets = new java.util.TreeMap<>();
        try (Connection c = TestStores.connections(store).openWriter();
                PreparedStatement s = c.prepareStatement("SELECT path, offset_bytes FROM import_state");
                ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                offsets.put(rows.getString(1), rows.getLong(2));
            }
        }
        assertThat(offsets).hasSize(3);
        return offsets;
    }

    private static long size(String path) {
        try {
            return Files.size(Path.of(path));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Map<String, List<String>> cleanImportOf(Path root) throws IOException {
        Path clean = Files.createDirectories(dir.resolve("clean-" + System.nanoTime()));
        try (SessionStore store = SessionStore.open(StoreConfig.defaults(clean.resolve("clean.db")))) {
            store.importer().importAll(root, ImportOptions.defaults());
            return TestStores.dump(store);
        }
    }
}
