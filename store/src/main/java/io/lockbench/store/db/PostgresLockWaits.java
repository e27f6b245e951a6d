package io.lockbench.store.db;

import io.lockbench.store.lock.LockTrace;
import io.lockbench.store.lock.LockWaitSampling;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lock wait on PostgreSQL, where no busy handler runs in the client: a server process blocked on a
 * heavyweight lock (a row, a table, another transaction) shows an ungranted row in {@code pg_locks}.
 * While traced transactions run, one thread with its own connection reads the waiting server
 * processes every {@link #INTERVAL_NANOS} and charges the time since its previous look to the trace
 * of each transaction whose process was waiting. The figure is a sample: a wait shorter than the
 * interval may be missed or counted as one interval, and its resolution is the interval.
 *
 * <p>{@code pg_locks} is read rather than {@code pg_stat_activity}'s wait events: with the handful of
 * locks a workload holds, a look at the lock table costs the server less than a copy of every
 * backend's status (on pgbench's TPC-B-like script, 4 clients, 200 looks a second at
 * {@code pg_stat_activity} gave 10-20% fewer transactions a second than at {@code pg_locks}).
 */
public final class PostgresLockWaits implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresLockWaits.class);

    /** How often the waiting processes are read. */
    public static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    /** Traced transactions in flight, by the server process id of their connection (JVM-wide). */
    private static final Map<Integer, LockTrace> RUNNING = new ConcurrentHashMap<>();

    /** Between reconnection attempts after the monitor's connection was lost: doubling up to the maximum. */
    private static final long MIN_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** With no traced transaction running, the connection is still checked this often, so a loss is seen. */
    private static final long IDLE_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    static final String APPLICATION_NAME = "lockbench lock-wait sampler";

    private static final String WAITING = "SELECT DISTINCT pid FROM pg_locks WHERE NOT granted";

    private final DataSource source;
    private final Thread thread;
    private volatile Connection monitor;
    private volatile boolean closed;
    private volatile boolean sampling;
    private volatile int monitorPid;
    private final AtomicLong reconnects = new AtomicLong();

    private PostgresLockWaits(DataSource source) {
        this.source = source;
        this.thread = new Thread(this::watch, "lockbench-pg-lock-waits");
        this.thread.setDaemon(true);
    }

    /** Opens the monitor's connection (a failure here is the caller's) and starts sampling. */
    static PostgresLockWaits start(DataSource source) throws SQLException {
        PostgresLockWaits waits = new PostgresLockWaits(source);
        waits.connect();
        waits.thread.start();
        return waits;
    }

    public LockWaitSampling status() {
        return new LockWaitSampling(sampling, reconnects.get(), monitorPid);
    }

    private void connect() throws SQLException {
        Connection connection = source.getConnection();
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET application_name = '" + APPLICATION_NAME + "'");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        monitorPid = connection.unwrap(PGConnection.class).getBackendPID();
        monitor = connection;
        sampling = true;
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

    /**
     * Samples until closed. A lost connection (the server restarted, the backend was terminated) is
     * opened again with a growing pause, and sampling goes on: the waits of the outage are not seen,
     * which {@link #status()} tells.
     */
    private void watch() {
        long backoff = MIN_BACKOFF_NANOS;
        while (!closed) {
            Connection connection = monitor;
            if (connection == null) {
                LockSupport.parkNanos(backoff);
                try {
                    connect();
                    if (closed) {
                        // closed while connecting: close() may have looked before there was a connection
                        monitor.close();
                        return;
                    }
                    reconnects.incrementAndGet();
                    backoff = MIN_BACKOFF_NANOS;
                    LOG.warn("lock waits are sampled again (monitor connection reopened)");
                } catch (SQLException e) {
                    backoff = Math.min(2 * backoff, MAX_BACKOFF_NANOS);
                }
                continue;
            }
            try {
                sample(connection);
            } catch (SQLException e) {
                if (closed) {
                    return;
                }
                sampling = false;
                monitorPid = 0;
                monitor = null;
                LOG.warn(
                        "lock waits are not sampled until the monitor connection is back: {}",
                        PostgresFailures.shortMessage(e));
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // the connection is already gone
                }
            }
        }
    }

    /** Returns when closed; throws when the connection fails. */
    private void sample(Connection connection) throws SQLException {
        long previous = System.nanoTime();
        long checked = previous;
        Set<Integer> waiting = new HashSet<>();
        try (Statement statement = connection.createStatement()) {
            while (!closed) {
                LockSupport.parkNanos(INTERVAL_NANOS);
                long now = System.nanoTime();
                long elapsed = Math.min(now - previous, 2 * INTERVAL_NANOS);
                previous = now;
                if (RUNNING.isEmpty() && now - checked < IDLE_CHECK_NANOS) {
                    continue;
                }
                checked = now;
                waiting.clear();
                try (ResultSet rs = statement.executeQuery(WAITING)) {
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
        Connection connection = monitor;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the monitor's connection only read; losing it loses nothing
            }
        }
    }
}
