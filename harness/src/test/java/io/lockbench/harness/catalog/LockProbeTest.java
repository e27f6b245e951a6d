package io.lockbench.harness.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockbench.store.SessionStore;
import io.lockbench.store.TestStores;
import io.lockbench.store.config.Settings;
import io.lockbench.store.db.ConnectionProvider;
import io.lockbench.store.db.SqlitePragmas;
import io.lockbench.store.db.Transactions;
import io.lockbench.store.lock.LockFailure;
import io.lockbench.store.lock.LockPhase;
import io.lockbench.store.lock.LockTrace;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contention made deterministic: a connection outside the store holds the write lock (BEGIN
 * IMMEDIATE) before the measured operation starts, and releases it at a known time or never.
 */
class LockProbeTest {

    private static final CatalogSeed SEED = new CatalogSeed(1, 10, 1, 3);

    @TempDir
    Path dir;

    private final ScheduledExecutorService releaser = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        releaser.shutdownNow();
    }

    private SessionStore open(Object... settings) throws SQLException {
        SessionStore store = SessionStore.open(TestStores.config(dir, settings));
        new Catalog(store).seed(SEED);
        return store;
    }

    private Connection holdWriteLock(SessionStore store) throws SQLException {
        Connection holder = ConnectionProvider.openUnpooled(store.config());
        try (Statement s = holder.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            s.execute("UPDATE marketplace_sources SET import_status = 'held' WHERE source_id = 1");
        }
        return holder;
    }

    private void commitLater(Connection holder, long millis) {
        releaser.schedule(
                () -> {
                    try (Statement s = holder.createStatement()) {
                        s.execute("COMMIT");
                        holder.close();
                    }
                    return null;
                },
                millis,
                TimeUnit.MILLISECONDS);
    }

    @Test
    void waitMatchesHowLongTheLockWasHeldAndCountsRetries() throws Exception {
        try (SessionStore store = open(Settings.BUSY_TIMEOUT_MS, "10000")) {
            Connection holder = holdWriteLock(store);
            LockTrace trace;
            long started = System.nanoTime();
            commitLater(holder, 400);
            try (LockTrace t = store.trace("update-catalog-entry")) {
                trace = t;
                new Catalog(store).updateEntry(1, "changed", Duration.ZERO);
            }
            long elapsed = System.nanoTime() - started;
            assertThat(trace.failure()).isNull();
            assertThat(trace.lockWaitNanos()).isBetween(TimeUnit.MILLISECONDS.toNanos(300), elapsed);
            assertThat(trace.busyRetries()).isPositive();
            assertThat(trace.writeTransactions()).isEqualTo(1);
            assertThat(trace.holdNanos()).isPositive().isLessThan(trace.lockWaitNanos());
        }
    }

    @Test
    void immediateWriterGivesUpAtTheTimeoutWithBusyAtBegin() throws Exception {
        try (SessionStore store = open(Settings.BUSY_TIMEOUT_MS, "200")) {
            try (Connection holder = holdWriteLock(store)) {
                LockTrace trace;
                try (LockTrace t = store.trace("update-catalog-entry")) {
                    trace = t;
                    assertThatThrownBy(() -> new Catalog(store).updateEntry(1, "changed", Duration.ZERO))
                            .isInstanceOf(SQLException.class);
                }
                assertThat(trace.failure()).isEqualTo(new LockFailure("SQLITE_BUSY", true, LockPhase.BEGIN));
                assertThat(trace.failure().key()).isEqualTo("SQLITE_BUSY/begin");
                assertThat(trace.lockWaitNanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(190));
                assertThat(trace.busyRetries()).isPositive();
                assertThat(trace.holdNanos()).isZero();
            }
        }
    }

    @Test
    void deferredBlindWriteWaitsAtTheStatementAndFailsThereAfterTheTimeout() throws Exception {
        try (SessionStore store = open(Settings.BUSY_TIMEOUT_MS, "150", Settings.TRANSACTION_MODE, "deferred")) {
            try (Connection holder = holdWriteLock(store)) {
                LockTrace trace;
                try (LockTrace t = store.trace("blind-write");
                        Connection connection = TestStores.connections(store).openWriter()) {
                    trace = t;
                    assertThatThrownBy(() -> Transactions.write(connection, store.config(), c -> {
                                try (Statement s = c.createStatement()) {
                                    return s.executeUpdate(
                                            "UPDATE catalog_entries SET revision = 1 WHERE entry_id = 1");
                                }
                            }))
                            .isInstanceOf(SQLException.class);
                }
                assertThat(trace.failure().key()).isEqualTo("SQLITE_BUSY/statement");
                assertThat(trace.lockWaitNanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(140));
                assertThat(trace.busyRetries()).isPositive();
            }
        }
    }

    @Test
    void deferredReadThenWriteBehindAHeldLockFailsAtOnceWithoutCallingTheBusyHandler() throws Exception {
        // SQLite does not run the busy handler when a read transaction asks for the write lock: waiting
        // could deadlock with the writer, so the upgrade fails whatever the timeout.
        try (SessionStore store = open(Settings.BUSY_TIMEOUT_MS, "10000", Settings.TRANSACTION_MODE, "deferred")) {
            try (Connection holder = holdWriteLock(store)) {
                LockTrace trace;
                try (LockTrace t = store.trace("update-execution")) {
                    trace = t;
                    assertThatThrownBy(() -> new Catalog(store).updateExecution(1, Duration.ZERO))
                            .isInstanceOf(SQLException.class);
                }
                assertThat(trace.failure().key()).isEqualTo("SQLITE_BUSY/statement");
                assertThat(trace.busyRetries()).isZero();
                assertThat(trace.lockWaitNanos()).isZero();
            }
        }
    }

    @Test
    void deferredReadThenWriteFailsWithBusySnapshotWithoutWaiting() throws Exception {
        try (SessionStore store = open(Settings.BUSY_TIMEOUT_MS, "10000", Settings.TRANSACTION_MODE, "deferred");
                Connection other = ConnectionProvider.openUnpooled(store.config())) {
            LockTrace trace;
            try (LockTrace t = store.trace("update-catalog-entry");
                    Connection connection = TestStores.connections(store).openWriter()) {
                trace = t;
                assertThatThrownBy(() -> Transactions.write(connection, store.config(), c -> {
                            try (Statement s = c.createStatement()) {
                                s.executeQuery("SELECT revision FROM catalog_entries WHERE entry_id = 1")
                                        .close();
                                // Another connection commits after this transaction's snapshot was taken.
                                try (Statement o = other.createStatement()) {
                                    o.executeUpdate("UPDATE catalog_entries SET revision = 7 WHERE entry_id = 2");
                                }
                                s.executeUpdate(
                                        "UPDATE catalog_entries SET revision = revision + 1 WHERE entry_id = 1");
                            }
                            return null;
                        }))
                        .isInstanceOf(SQLException.class);
            }
            assertThat(trace.failure().codeName()).isEqualTo("SQLITE_BUSY_SNAPSHOT");
            assertThat(trace.failure().phase()).isEqualTo(LockPhase.STATEMENT);
            assertThat(trace.failure().isBusy()).isTrue();
            assertThat(trace.busyRetries()).isZero();
            assertThat(trace.lockWaitNanos()).isLessThan(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    @Test
    void fixedIntervalRetriesAtTheConfiguredPace() throws Exception {
        try (SessionStore store = open(
                Settings.BUSY_TIMEOUT_MS,
                "200",
                Settings.BUSY_HANDLER,
                "fixed-interval",
                Settings.BUSY_INTERVAL_MS,
                "50")) {
            try (Connection holder = holdWriteLock(store)) {
                LockTrace trace;
                try (LockTrace t = store.trace("update-catalog-entry")) {
                    trace = t;
                    assertThatThrownBy(() -> new Catalog(store).updateEntry(1, "x", Duration.ZERO))
                            .isInstanceOf(SQLException.class);
                }
                assertThat(trace.busyRetries()).isEqualTo(4);
            }
        }
    }

    @Test
    void writerPoolQueueIsChargedAsConnectionWait() throws Exception {
        try (SessionStore store = open()) {
            Connection pooled = TestStores.connections(store).openWriter();
            releaser.schedule(
                    () -> {
                        pooled.close();
                        return null;
                    },
                    300,
                    TimeUnit.MILLISECONDS);
            LockTrace trace;
            try (LockTrace t = store.trace("update-catalog-entry")) {
                trace = t;
                new Catalog(store).updateEntry(1, "queued", Duration.ZERO);
            }
            assertThat(trace.connectionWaitNanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(250));
            assertThat(trace.lockWaitNanos()).isZero();
        }
    }

    @Test
    void builtinHandlerLeavesSqlitesBusyTimeoutInPlace() throws Exception {
        try (SessionStore store = open(Settings.BUSY_HANDLER, "builtin", Settings.BUSY_TIMEOUT_MS, "1234");
                Connection connection = TestStores.connections(store).openWriter()) {
            assertThat(TestStores.connections(store).probe()).isNull();
            assertThat(SqlitePragmas.read(connection, "busy_timeout")).isEqualTo("1234");
        }
    }

    @Test
    void probeReplacesSqlitesBusyTimeout() throws Exception {
        try (SessionStore store = open(Settings.BUSY_TIMEOUT_MS, "1234");
                Connection connection = TestStores.connections(store).openWriter()) {
            assertThat(TestStores.connections(store).probe().schedule().timeoutMs())
                    .isEqualTo(1234);
            assertThat(SqlitePragmas.read(connection, "busy_timeout")).isEqualTo("0");
        }
    }
}
