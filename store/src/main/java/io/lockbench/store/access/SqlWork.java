package io.lockbench.store.access;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work on a connection inside a transaction the store began: the statements of one write or read
 * transaction. The store commits when it returns and rolls back when it throws.
 *
 * @param <T> what the work returns
 */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
