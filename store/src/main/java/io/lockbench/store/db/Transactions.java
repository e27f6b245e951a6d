package io.lockbench.store.db;

import io.lockbench.store.access.SqlWork;
import io.lockbench.store.config.Settings;
import io.lockbench.store.config.StoreConfig;
import io.lockbench.store.config.TransactionMode;
import io.lockbench.store.lock.FirstWriteWatch;
import io.lockbench.store.lock.LockPhase;
import io.lockbench.store.lock.LockTrace;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Explicit transactions on auto-commit connections. A failed body is rolled back and its exception
 * keeps any rollback failure as suppressed. When the thread runs a {@link LockTrace}, each phase
 * (begin, statements, commit) is reported to it, so lock waits and errors are charged to the right
 * phase and a write transaction's lock hold is timed from its begin to its commit or rollback.
 */
public final class Transactions {

    private Transactions() {}

    /** Runs {@code work} in a write transaction that begins DEFERRED or IMMEDIATE. */
    public static <T> T write(Connection connection, TransactionMode mode, SqlWork<T> work) throws SQLException {
        return run(connection, mode == TransactionMode.IMMEDIATE ? Kind.IMMEDIATE_WRITE : Kind.DEFERRED_WRITE, work);
    }

    /**
     * Runs {@code work} in a write transaction begun as the store's configuration says: on SQLite its
     * {@code transaction_mode}; PostgreSQL has no such setting, and begins every write the same way.
     */
    public static <T> T write(Connection connection, StoreConfig config, SqlWork<T> work) throws SQLException {
        TransactionMode mode = config.has(Settings.TRANSACTION_MODE)
                ? config.get(Settings.TRANSACTION_MODE)
                : TransactionMode.IMMEDIATE;
        return write(connection, mode, work);
    }

    /** Runs {@code work} in one read transaction, so every query in it sees the same snapshot. */
    public static <T> T read(Connection connection, SqlWork<T> work) throws SQLException {
        return run(connection, Kind.READ, work);
    }

    private enum Kind {
        READ("BEGIN DEFERRED", "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"),
        DEFERRED_WRITE("BEGIN DEFERRED", "BEGIN"),
        IMMEDIATE_WRITE("BEGIN IMMEDIATE", "BEGIN");

        final String sqlite;
        // PostgreSQL has no lock to take at BEGIN: writers lock rows as they touch them, at the isolation
        // of default_transaction_isolation; a read request is one REPEATABLE READ snapshot.
        final String postgresql;

        Kind(String sqlite, String postgresql) {
            this.sqlite = sqlite;
            this.postgresql = postgresql;
        }
    }

    @SuppressWarnings("try") // the watch only has to be installed for the transaction and removed after it
    private static <T> T run(Connection connection, Kind kind, SqlWork<T> work) throws SQLException {
        LockTrace trace = LockTrace.current();
        boolean postgresql = StoreBackend.onPostgresql(connection);
        int serverPid = 0;
        // Under DEFERRED the write lock comes with the first row change, not with BEGIN.
        try (FirstWriteWatch watch = trace != null && kind == Kind.DEFERRED_WRITE && !postgresql
                        ? FirstWriteWatch.install(connection, trace)
                        : null;
                Statement statement = connection.createStatement()) {
            phase(trace, LockPhase.BEGIN);
            try {
                statement.execute(postgresql ? kind.postgresql : kind.sqlite);
                if (postgresql) {
                    serverPid = PostgresLockWaits.began(connection, trace);
                }
            } catch (SQLException e) {
                failed(trace, e);
                throw e;
            }
            if (trace != null) {
                trace.leave();
                if (kind != Kind.READ) {
                    // On PostgreSQL a write transaction holds what it locked from its first statement to its end.
                    trace.writeTransactionBegan(kind == Kind.IMMEDIATE_WRITE || postgresql);
                }
            }
            T result;
            try {
                result = work.run(connection);
            } catch (SQLException | RuntimeException | Error e) {
                failed(trace, e);
                rollbackQuietly(statement, e, trace);
                throw e;
            }
            phase(trace, LockPhase.COMMIT);
            try {
                statement.execute("COMMIT");
            } catch (SQLException e) {
                failed(trace, e);
                rollbackQuietly(statement, e, trace);
                throw e;
            }
            if (trace != null) {
                trace.leave();
                trace.writeLockReleased();
            }
            return result;
        } finally {
            PostgresLockWaits.ended(serverPid);
        }
    }

    private static void phase(LockTrace trace, LockPhase phase) {
        if (trace != null) {
            trace.enter(phase);
        }
    }

    private static void failed(LockTrace trace, Throwable e) {
        if (trace != null) {
            trace.failed(e);
        }
    }

    private static void rollbackQuietly(Statement statement, Throwable cause, LockTrace trace) {
        try {
            statement.execute("ROLLBACK");
        } catch (SQLException rollbackFailure) {
            // SQLite rolls back by itself after some errors (SQLITE_FULL, SQLITE_IOERR, ...).
            if (!String.valueOf(rollbackFailure.getMessage()).contains("no transaction is active")) {
                cause.addSuppressed(rollbackFailure);
            }
        } finally {
            if (trace != null) {
                trace.writeLockReleased();
            }
        }
    }
}
