package io.lockbench.store.access;

import io.lockbench.store.config.TransactionMode;
import java.sql.SQLException;

/**
 * The store's writer connection, held for a sequence of write transactions the way an application
 * holds its connection between them (under {@code split} no other writer gets it meanwhile).
 */
public interface Writer {

    /** Runs {@code work} in one write transaction, begun as the store's configuration says. */
    <T> T transaction(SqlWork<T> work) throws SQLException;

    /**
     * Runs {@code work} in one write transaction begun as {@code mode} says (SQLite's {@code BEGIN
     * DEFERRED} or {@code BEGIN IMMEDIATE}; PostgreSQL begins every write the same way).
     */
    <T> T transaction(TransactionMode mode, SqlWork<T> work) throws SQLException;

    /** What runs with the writer connection held. */
    @FunctionalInterface
    interface Session<T> {
        T run(Writer writer) throws SQLException;
    }
}
