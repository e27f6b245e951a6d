package io.lockbench.store.db;

import io.lockbench.store.lock.LockPhase;
import io.lockbench.store.lock.LockTrace;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Charges the time spent getting a connection to the running {@link LockTrace}: under the split
 * strategy that is the queue for the single writer, under per-call the cost of opening SQLite.
 */
final class TracedDataSource extends DelegatingDataSource {

    TracedDataSource(DataSource delegate) {
        super(delegate);
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
}
