package io.lockbench.store.db;

import io.lockbench.store.lock.LockPhase;
import io.lockbench.store.lock.LockTrace;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Charges the time spent getting a connection to the running {@link LockTrace}: under the split
 * strategy that is the queue for the single writer, under per-call the cost of opening SQLite.
 */
final class TracedDataSource implements DataSource {

    private final DataSource delegate;

    TracedDataSource(DataSource delegate) {
        this.delegate = delegate;
    }

    @Override
    public Connection getConnection() throws SQLException {
        LockTrace trace = LockTrace.current();
        if (trace == null) {
            return delegate.getConnection();
        }
        long started = System.nanoTime();
        trace.enter(LockPhase.CONNECT);
        try {
            return delegate.getConnection();
        } catch (SQLException | RuntimeException e) {
            trace.failed(e);
            throw e;
        } finally {
            trace.connectionWait(System.nanoTime() - started);
            trace.leave();
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("SQLite connections take no user name or password");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : delegate.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || delegate.isWrapperFor(type);
    }
}
