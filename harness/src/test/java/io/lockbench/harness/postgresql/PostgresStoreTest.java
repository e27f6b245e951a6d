package io.lockbench.harness.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockbench.harness.catalog.ArtifactPage;
import io.lockbench.harness.catalog.Catalog;
import io.lockbench.harness.catalog.CatalogSeed;
import io.lockbench.store.PostgresTestDatabase;
import io.lockbench.store.SessionStore;
import io.lockbench.store.TestStores;
import io.lockbench.store.config.InvalidConfigException;
import io.lockbench.store.config.StoreConfig;
import io.lockbench.store.failure.StoreUnavailableException;
import io.lockbench.store.importer.ImportOptions;
import io.lockbench.store.importer.ImportReport;
import io.lockbench.store.lock.LockFailure;
import io.lockbench.store.lock.LockPhase;
import io.lockbench.store.lock.LockTrace;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The store on a live PostgreSQL server: same answers as SQLite, its settings, and its lock errors classified. */
class PostgresStoreTest {

    private static final CatalogSeed SEED = new CatalogSeed(2, 8, 3, 4);

    @TempDir
    Path dir;

    @RegisterExtension
    final PostgresTestDatabase pg = PostgresTestDatabase.perTest();

    @ParameterizedTest
    @ValueSource(strings = {"max-output", "first-seen"})
    void fixtureImport_givesTheSameTablesAndAnswersAsSqlite(String policy) throws Exception {
        Path root = TestStores.copyFixture(dir);
        Map<String, List<String>> sqliteTables;
        Map<String, Object> sqliteAnswers;
        try (SessionStore sqlite = SessionStore.open(TestStores.config(dir, "usage_policy", policy))) {
            sqlite.importer().importAll(root, ImportOptions.defaults());
            sqliteTables = TestStores.dump(sqlite);
            sqliteAnswers = TestStores.answers(sqlite);
        }
        try (SessionStore postgres = SessionStore.open(pg.config("usage_policy", policy))) {
            ImportReport report = postgres.importer().importAll(root, ImportOptions.defaults());
            assertThat(report.linesRead()).isPositive();
            assertThat(TestStores.dump(postgres)).isEqualTo(sqliteTables);
            assertThat(TestStores.answers(postgres)).isEqualTo(sqliteAnswers);
            // Importing the same files again changes no row.
            postgres.importer().importAll(root, ImportOptions.defaults().withIncremental(false));
            assertThat(TestStores.dump(postgres)).isEqualTo(sqliteTables);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"per-record", "batched", "whole-file"})
    void everyImportStrategy_buildsTheSameStore(String strategy) throws Exception {
        Path root = TestStores.copyFixture(dir);
        Map<String, List<String>> expected;
        try (SessionStore sqlite = SessionStore.open(TestStores.config(dir))) {
            sqlite.importer().importAll(root, ImportOptions.defaults());
            expected = TestStores.dump(sqlite);
        }
        try (SessionStore postgres = SessionStore.open(pg.config("import_strategy", strategy, "batch_size", "2"))) {
            postgres.importer().importAll(root, ImportOptions.defaults());
            assertThat(TestStores.dump(postgres)).isEqualTo(expected);
        }
    }

    @Test
    void catalog_worksAndKeepsItsCountsInStep() throws Exception {
        try (SessionStore store = SessionStore.open(pg.config())) {
            new Catalog(store).seed(SEED);
            new Catalog(store).seed(SEED);
            assertThat(TestStores.count(store, "SELECT count(*) FROM catalog_entries"))
                    .isEqualTo(16);
            new Catalog(store).importArtifacts(1, 8, 3, Duration.ZERO);
            new Catalog(store).reimportEntry(3, Duration.ZERO);
            new Catalog(store).updateEntry(2, "changed", Duration.ZERO);
            assertThat(new Catalog(store).updateExecution(1, Duration.ZERO)).isEqualTo(5);
            ArtifactPage page = new Catalog(store).listArtifacts(1, 100);
            assertThat(page.storedCount()).isEqualTo(11).isEqualTo(page.countedArtifacts());
        }
    }

    @Test
    void settingsAreAppliedToEveryConnectionAndReadBack() throws Exception {
        StoreConfig config = pg.config(
                "lock_timeout", "1500",
                "statement_timeout", "60000",
                "default_transaction_isolation", "serializable",
                "synchronous_commit", "off",
                "pool_size", "3");
        try (SessionStore store = SessionStore.open(config);
                Connection c = TestStores.connections(store).openWriter();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_setting('lock_timeout'),"
                        + " current_setting('statement_timeout'), current_setting('default_transaction_isolation'),"
                        + " current_setting('synchronous_commit')")) {
            rs.next();
            assertThat(List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                    .containsExactly("1500ms", "1min", "serializable", "off");
        }
    }

    @Test
    void sqliteSettings_areRejectedOnPostgresql_namingTheKey() {
        assertThatThrownBy(() -> pg.config("journal_mode", "wal"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("journal_mode: configures SQLite");
        assertThatThrownBy(() -> pg.config("connection_strategy", "split"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("connection_strategy: split");
        assertThatThrownBy(() -> StoreConfig.defaults(dir.resolve("x.db")).with("lock_timeout", "10"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("set backend=postgresql first");
    }

    @Test
    void aServerThatDoesNotAnswer_getsOneActionableLine() {
        StoreConfig nowhere = StoreConfig.defaults(dir.resolve("x.db"))
                .with("backend", "postgresql")
                .with("url", "jdbc:postgresql://127.0.0.1:1/test");
        assertThatThrownBy(() -> SessionStore.open(nowhere))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageStartingWith("cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/test")
                .hasMessageContaining("start the server or correct store.url");
    }

    @Test
    void aRowLockedLongerThanLockTimeout_failsWith55P03InTheStatementPhase_andTheWaitIsCharged() throws Exception {
        try (SessionStore store = SessionStore.open(pg.config("lock_timeout", "300"));
                Connection holder = pg.connect();
                Statement hold = holder.createStatement()) {
            new Catalog(store).seed(SEED);
            hold.execute("BEGIN");
            hold.execute("SELECT * FROM catalog_entries WHERE entry_id = 1 FOR UPDATE");
            try (LockTrace trace = store.trace("update-entry")) {
                assertThatThrownBy(() -> new Catalog(store).updateEntry(1, "blocked", Duration.ZERO))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("lock timeout");
                assertThat(trace.failure())
                        .isEqualTo(new LockFailure("PG_55P03_LOCK_NOT_AVAILABLE", true, LockPhase.STATEMENT));
                assertThat(trace.failure().key()).isEqualTo("PG_55P03_LOCK_NOT_AVAILABLE/statement");
                // Sampled from pg_locks every 5 ms while the statement waited its 300 ms.
                assertThat(trace.lockWaitNanos()).isPositive();
                assertThat(trace.writeTransactions()).isEqualTo(1);
            }
            hold.execute("ROLLBACK");
        }
    }

    /**
     * The sampler's connection terminated on the server: it says it is not sampling, opens a new
     * connection, says how often it had to, and charges waits again.
     */
    @Test
    void aTerminatedLockWaitSampler_reconnects_andWaitsAreChargedAgain() throws Exception {
        try (SessionStore store = SessionStore.open(pg.config("lock_timeout", "300"));
                Connection admin = pg.connect();
                Statement terminate = admin.createStatement();
                Connection holder = pg.connect();
                Statement hold = holder.createStatement()) {
            new Catalog(store).seed(SEED);
            var before = store.lockWaitSampling().orElseThrow();
            assertThat(before.sampling()).isTrue();
            assertThat(before.reconnects()).isZero();
            terminate.execute("SELECT pg_terminate_backend(" + before.monitorPid() + ")");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            var now = store.lockWaitSampling().orElseThrow();
            while (now.reconnects() == 0 || !now.sampling()) {
                assertThat(System.nanoTime())
                        .as("the sampler never reconnected")
                        .isLessThan(deadline);
                Thread.sleep(20);
                now = store.lockWaitSampling().orElseThrow();
            }
            assertThat(now.monitorPid()).isNotEqualTo(before.monitorPid()).isPositive();

            hold.execute("BEGIN");
            hold.execute("SELECT * FROM catalog_entries WHERE entry_id = 1 FOR UPDATE");
            try (LockTrace trace = store.trace("update-entry")) {
                assertThatThrownBy(() -> new Catalog(store).updateEntry(1, "blocked", Duration.ZERO))
                        .isInstanceOf(SQLException.class);
                assertThat(trace.lockWaitNanos()).isPositive();
            }
            hold.execute("ROLLBACK");
        }
    }

    @Test
    void aConcurrentUpdateUnderSerializable_failsWith40001_classifiedByCodeAndPhase() throws Exception {
        try (SessionStore store = SessionStore.open(pg.config("default_transaction_isolation", "serializable"));
                Connection other = pg.connect();
                Statement first = other.createStatement();
                Connection monitor = pg.connect()) {
            new Catalog(store).seed(SEED);
            // The other transaction changes the row first and keeps it locked until the store's transaction,
            // whose snapshot is older, is blocked on it; its commit then makes the store's update unserializable.
            first.execute("BEGIN");
            first.execute("UPDATE catalog_entries SET description = 'first' WHERE entry_id = 1");
            AtomicReference<LockFailure> seen = new AtomicReference<>();
            CompletableFuture<Throwable> update = CompletableFuture.supplyAsync(() -> {
                try (LockTrace trace = store.trace("update-entry")) {
                    try {
                        new Catalog(store).updateEntry(1, "second", Duration.ZERO);
                        return null;
                    } catch (SQLException | RuntimeException e) {
                        seen.set(trace.failure());
                        return e;
                    }
                }
            });
            awaitOneWaitingLock(monitor);
            first.execute("COMMIT");
            Throwable error = update.get(30, TimeUnit.SECONDS);
            assertThat(error).isInstanceOf(SQLException.class);
            assertThat(((SQLException) error).getSQLState()).isEqualTo("40001");
            assertThat(seen.get())
                    .isEqualTo(new LockFailure("PG_40001_SERIALIZATION_FAILURE", true, LockPhase.STATEMENT));
        }
    }

    @Test
    void readOnlyOpening_ofAnEmptySchema_saysToImportFirst() {
        assertThatThrownBy(() -> SessionStore.openReadOnly(pg.config()))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("run lockbench import with the same settings first");
    }

    private static void awaitOneWaitingLock(Connection monitor) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (Statement s = monitor.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_locks WHERE NOT granted")) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(5);
            }
        }
        throw new AssertionError("the store's update never waited for the row lock");
    }
}
