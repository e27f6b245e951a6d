package io.lockbench.store.db;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * First come, first served access to the single writer connection. HikariCP hands a returned
 * connection back to the thread that returned it when that thread asks again at once, so a writer
 * looping over batches can starve the others; a fair semaphore in front of the pool makes waiting
 * writers take turns in arrival order. A writer that waits longer than the busy timeout gets
 * SQLITE_BUSY, as it would from SQLite's own lock.
 */
final class FairWriterGate extends DelegatingDataSource {

    private final Semaphore turn = new Semaphore(1, true);
    private final long timeoutMs;

    FairWriterGate(DataSource pool, long timeoutMs) {
        super(pool);
        this.timeoutMs = timeoutMs;
    }

    @Override
    public Connection getConnection() throws SQLException {
        try {
            if (!turn.tryAcquire(timeoutMs, TimeUnit.MILLISECONDS)) {
                throw new SQLiteException(
                        "[SQLITE_BUSY] the writer connection stayed in use for busy_timeout_ms=" + timeoutMs
                                + " (database is locked)",
                        SQLiteErrorCode.SQLITE_BUSY);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for the writer connection", e);
        }
        Connection connection;
        try {
            connection = delegate.getConnection();
        } catch (SQLException | RuntimeException e) {
            turn.release();
            throw e;
        }
        return releasingOnClose(connection);
    }

    private Connection releasingOnClose(Connection connection) {
        AtomicBoolean released = new AtomicBoolean();
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("close") && method.getParameterCount() == 0) {
                try {
                    connection.close();
                } finally {
                    if (released.compareAndSet(false, true)) {
                        turn.release();
                    }
                }
                return null;
            }
            if (method.getName().equals("unwrap") && args != null && args[0] == Connection.class) {
                return proxy;
            }
            try {
                return method.invoke(connection, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Connection)
                Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
    }

    /** Writers waiting for their turn (for tests and diagnostics). */
    int waiting() {
        return turn.getQueueLength();
    }
}
