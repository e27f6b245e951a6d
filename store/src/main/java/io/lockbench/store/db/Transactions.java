package io.lockbench.store.db;

import io.lockbench.store.config.TransactionMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Explicit transactions on auto-commit connections. A failed body is rolled back and its exception
 * keeps any rollback failure as suppressed.
 */
public final class Transactions {

    private Transactions() {
    }

    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} in a write transaction that begins DEFERRED or IMMEDIATE. */
    public static <T> T write(Connection connection, TransactionMode mode, SqlWork<T> work) throws SQLException {
        return run(connection, mode == TransactionMode.IMMEDIATE ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED", work);
    }

    /** Runs {@code work} in one read transaction, so every query in it sees the same snapshot. */
    public static <T> T read(Connection connection, SqlWork<T> work) throws SQLException {
        return run(connection, "BEGIN DEFERRED", work);
    }

    private static <T> T run(Connection connection, String begin, SqlWork<T> work) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(begin);
            T result;
            try {
                result = work.run(connection);
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(statement, e);
                throw e;
            }
            try {
                statement.execute("COMMIT");
            } catch (SQLException e) {
                rollbackQuietly(statement, e);
                throw e;
            }
            return result;
        }
    }

    private static void rollbackQuietly(Statement statement, Throwable cause) {
        try {
            statement.execute("ROLLBACK");
        } catch (SQLException rollbackFailure) {
            // SQLite rolls back by itself after some errors (SQLITE_FULL, SQLITE_IOERR, ...).
            if (!String.valueOf(rollbackFailure.getMessage()).contains("no transaction is active")) {
                cause.addSuppressed(rollbackFailure);
            }
        }
    }
}
