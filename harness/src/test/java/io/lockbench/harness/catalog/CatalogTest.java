package io.lockbench.harness.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockbench.store.PauseAfterQuery;
import io.lockbench.store.SessionStore;
import io.lockbench.store.TestStores;
import io.lockbench.store.config.Settings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CatalogTest {

    private final ExecutorService reader = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopReader() throws InterruptedException {
        reader.shutdownNow();
        assertThat(reader.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    // 8 entries per source: entries 3 and 7 are composites with 1 and 2 children.
    private static final CatalogSeed SEED = new CatalogSeed(2, 8, 3, 4);

    @TempDir
    Path dir;

    private SessionStore open(String... settings) throws SQLException {
        SessionStore store = SessionStore.open(TestStores.config(dir, settings));
        new Catalog(store).seed(SEED);
        return store;
    }

    @Test
    void seedingIsDeterministicAndIdempotent() throws Exception {
        try (SessionStore store = open()) {
            new Catalog(store).seed(SEED);
            assertThat(TestStores.count(store, "SELECT count(*) FROM marketplace_sources"))
                    .isEqualTo(2);
            assertThat(TestStores.count(store, "SELECT count(*) FROM catalog_entries"))
                    .isEqualTo(16);
            assertThat(TestStores.count(store, "SELECT sum(child_count) FROM catalog_entries"))
                    .isEqualTo(6);
            assertThat(TestStores.count(store, "SELECT count(*) FROM workflow_steps"))
                    .isEqualTo(12);
        }
    }

    @Test
    void importWritesOneArtifactPerEntryPlusChildrenWithTwoToFiveStatementsEach() throws Exception {
        try (SessionStore store = open()) {
            ImportResult result = new Catalog(store).importArtifacts(1, 8, 3, Duration.ZERO);
            assertThat(result.entries()).isEqualTo(8);
            assertThat(result.transactions()).isEqualTo(3);
            // 8 artifacts + 3 children + 8 status updates, plus one source recount per transaction
            assertThat(result.statements()).isEqualTo(8 + 3 + 8 + 3);
            assertThat(TestStores.count(store, "SELECT count(*) FROM collection_artifacts"))
                    .isEqualTo(11);
            assertThat(TestStores.count(store, "SELECT artifact_count FROM marketplace_sources WHERE source_id = 1"))
                    .isEqualTo(11);
            assertThat(TestStores.count(store, "SELECT count(*) FROM catalog_entries WHERE status = 'imported'"))
                    .isEqualTo(8);
        }
    }

    @Test
    void batchSizeChangesTransactionsButNotTheResult() throws Exception {
        try (SessionStore store = open()) {
            assertThat(new Catalog(store)
                            .importArtifacts(1, 8, 8, Duration.ZERO)
                            .transactions())
                    .isEqualTo(1);
            assertThat(new Catalog(store)
                            .importArtifacts(2, 8, 1, Duration.ZERO)
                            .transactions())
                    .isEqualTo(8);
            assertThat(TestStores.count(
                            store,
                            "SELECT count(*) FROM collection_artifacts a JOIN catalog_entries e"
                                    + " USING (entry_id) WHERE e.source_id = 1"))
                    .isEqualTo(11);
            assertThat(TestStores.count(
                            store,
                            "SELECT count(*) FROM collection_artifacts a JOIN catalog_entries e"
                                    + " USING (entry_id) WHERE e.source_id = 2"))
                    .isEqualTo(11);
        }
    }

    @Test
    void reimportUpsertsInsteadOfDuplicating() throws Exception {
        try (SessionStore store = open()) {
            new Catalog(store).importArtifacts(1, 8, 100, Duration.ZERO);
            new Catalog(store).importArtifacts(1, 8, 100, Duration.ZERO);
            new Catalog(store).reimportEntry(4, Duration.ZERO);
            assertThat(TestStores.count(store, "SELECT count(*) FROM collection_artifacts"))
                    .isEqualTo(11);
            assertThat(TestStores.count(
                            store,
                            "SELECT import_count FROM collection_artifacts WHERE entry_id = 4 AND name = 'main'"))
                    .isEqualTo(3);
            ArtifactPage page = new Catalog(store).listArtifacts(1, 5);
            assertThat(page.isConsistent()).isTrue();
            assertThat(page.storedCount()).isEqualTo(11);
            assertThat(page.artifacts()).hasSize(5);
        }
    }

    @Test
    void workPerItemHoldsTheWriteLockForTheWholeBatch() throws Exception {
        try (SessionStore store = open();
                Connection other = DriverManager.getConnection(
                        "jdbc:sqlite:" + store.config().path());
                Statement probe = other.createStatement()) {
            probe.execute("PRAGMA busy_timeout = 0");
            AtomicReference<Throwable> failure = new AtomicReference<>();
            // One transaction of 4 entries, each with 20 ms of application work inside it.
            Thread importer = new Thread(() -> {
                try {
                    new Catalog(store).importArtifacts(1, 4, 4, Duration.ofMillis(20));
                } catch (Exception | Error e) {
                    failure.set(e);
                }
            });
            List<long[]> polls = new ArrayList<>(); // {nanoTime, 1 when the lock was held by the import}
            importer.start();
            while (importer.isAlive()) {
                long at = System.nanoTime();
                try {
                    probe.execute("BEGIN IMMEDIATE");
                    probe.execute("ROLLBACK");
                    polls.add(new long[] {at, 0});
                } catch (SQLException e) {
                    assertThat(e.getErrorCode()).as(e.getMessage()).isEqualTo(5); // SQLITE_BUSY
                    polls.add(new long[] {at, 1});
                }
            }
            importer.join();
            assertThat(failure.get()).isNull();
            int first = -1;
            int last = -1;
            for (int i = 0; i < polls.size(); i++) {
                if (polls.get(i)[1] == 1) {
                    first = first < 0 ? i : first;
                    last = i;
                }
            }
            assertThat(first)
                    .as("another connection found the write lock taken during the import")
                    .isNotNegative();
            assertThat(polls.subList(first, last + 1))
                    .as("the lock was never free between two entries of the batch")
                    .allMatch(p -> p[1] == 1);
            // A lower bound only: a slow machine makes the hold longer, never shorter than the work inside it.
            assertThat(polls.get(last)[0] - polls.get(first)[0])
                    .isGreaterThanOrEqualTo(Duration.ofMillis(60).toNanos());
        }
    }

    @Test
    void updateExecutionWritesTheExecutionAndEveryStepTogether() throws Exception {
        try (SessionStore store = open()) {
            assertThat(new Catalog(store).updateExecution(2, Duration.ZERO)).isEqualTo(5);
            new Catalog(store).updateExecution(2, Duration.ZERO);
            assertThat(TestStores.count(
                            store, "SELECT completed_steps FROM workflow_executions WHERE execution_id = 2"))
                    .isEqualTo(2);
            assertThat(TestStores.count(
                            store, "SELECT count(*) FROM workflow_steps WHERE execution_id = 2 AND status = 'done'"))
                    .isEqualTo(2);
            assertThat(TestStores.count(store, "SELECT min(revision) FROM workflow_steps WHERE execution_id = 2"))
                    .isEqualTo(2);
        }
    }

    @Test
    void updateEntryBumpsTheRevisionItRead() throws Exception {
        try (SessionStore store = open()) {
            new Catalog(store).updateEntry(5, "first", Duration.ZERO);
            new Catalog(store).updateEntry(5, "second", Duration.ZERO);
            assertThat(TestStores.count(store, "SELECT revision FROM catalog_entries WHERE entry_id = 5"))
                    .isEqualTo(2);
        }
    }

    @Test
    void foreignKeysRejectAnArtifactWithoutItsEntry() throws Exception {
        try (SessionStore store = open();
                Connection c = TestStores.connections(store).openWriter();
                Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate(
                            "INSERT INTO collection_artifacts (entry_id, name, content_hash, imported_at)"
                                    + " VALUES (999, 'main', 'x', 0)"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("FOREIGN KEY");
        }
    }

    @Test
    void operationsOnMissingRowsNameTheProblem() throws Exception {
        try (SessionStore store = open()) {
            assertThatThrownBy(() -> new Catalog(store).importArtifacts(99, 5, 5, Duration.ZERO))
                    .hasMessageContaining("source 99 has no catalog entries");
            assertThatThrownBy(() -> new Catalog(store).updateEntry(999, "x", Duration.ZERO))
                    .hasMessageContaining("no row with id 999");
        }
    }

    @ParameterizedTest(name = "read_path={0}")
    @CsvSource({"plain, false", "snapshot, true"})
    void catalogListMixesStatesOnlyOnThePlainPath(String readPath, boolean consistent) throws Exception {
        PauseAfterQuery pause = new PauseAfterQuery("SELECT artifact_count");
        try (SessionStore store = SessionStore.open(TestStores.config(dir, Settings.READ_PATH, readPath), pause)) {
            CatalogSeed seed = new CatalogSeed(1, 20, 0, 1);
            new Catalog(store).seed(seed);
            new Catalog(store).importArtifacts(1, 5, 5, Duration.ZERO);
            ArtifactPage page = pause.around(
                    reader,
                    () -> new Catalog(store).listArtifacts(1, 100),
                    () -> new Catalog(store).importArtifacts(1, 10, 10, Duration.ZERO));
            assertThat(page.isConsistent()).isEqualTo(consistent);
            assertThat(new Catalog(store).listArtifacts(1, 100).isConsistent())
                    .as("an undisturbed read")
                    .isTrue();
        }
    }
}
