package io.lockbench.store.db;

import io.lockbench.store.lock.LockTrace;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lock wait on PostgreSQL, where no busy handler runs in the client: a server process blocked on a
 * heavyweight lock shows an ungranted row in {@code pg_locks}. While traced transactions run, one
 * thread with its own connection reads the waiting server processes every {@link #INTERVAL_NANOS}
 * and charges the time since its previous look to the trace of each transaction whose process was
 * waiting. The figure is a sample: a wait shorter than the interval may be missed or counted as one
 * interval, and its resolution is the interval. Reading {@code pg_locks} takes no table lock.
 */
public final class PostgresLockWaits implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresLockWaits.class);

    /** How often the waiting processes are read. */
    public static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    /** Traced transactions in flight, by the server process id of their connection (JVM-wide). */
    private static final Map<Integer, LockTrace> RUNNING = new ConcurrentHashMap<>();

    private final Connection monitor;
    private final Thread thread;
    private volatile boolean closed;

    private PostgresLockWaits(Connection monitor) {
        this.monitor = monitor;
        this.thread = new Thread(this::watch, "lockbench-pg-lock-waits");
        this.thread.setDaemon(true);
    }

    static PostgresLockWaits start(Connection monitor) {
        PostgresLockWaits waits = new PostgresLockWaits(monitor);
        waits.thread.start();
        return waits;
    }

    /** A traced transaction began on {@code connection}; returns its server process id, or 0 when untraced. */
    public static int began(Connection connection, LockTrace trace) throws SQLException {
        if (trace == null) {
            return 0;
        }
        int pid = connection.unwrap(PGConnection.class).getBackendPID();
        RUNNING.put(pid, trace);
        return pid;
    }

    /** The transaction of server process {@code pid} ended. */
    public static void ended(int pid) {
        if (pid != 0) {
            RUNNING.remove(pid);
        }
    }

    private void watch() {
        long previous = System.nanoTime();
        Set<Integer> waiting = new HashSet<>();
        try (Statement statement = monitor.createStatement()) {
            while (!closed) {
                LockSupport.parkNanos(INTERVAL_NANOS);
                long now = System.nanoTime();
                long elapsed = Math.min(now - previous, 2 * INTERVAL_NANOS);
                previous = now;
                if (RUNNING.isEmpty()) {
                    continue;
                }
                waiting.clear();
                try (ResultSet rs = statement.executeQuery("SELECT DISTINCT pid FROM pg_locks WHERE NOT granted")) {
                    while (rs.next()) {
                        waiting.add(rs.getInt(1));
                    }
                }
                for (Integer pid : waiting) {
                    LockTrace trace = RUNNING.get(pid);
                    if (trace != null) {
                        trace.sampledLockWait(elapsed);
                    }
                }
            }
        } catch (SQLException e) {
            if (!closed) {
                LOG.warn("lock waits are no longer sampled: {}", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            monitor.close();
        } catch (SQLException ignored) {
            // the monitor's connection only read; losing it loses nothing
        }
    }
}
