package io.lockbench.harness.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What an import costs the store's other writers: a connection of its own that runs a one-row write
 * transaction every {@link #INTERVAL_MS} ms while the import runs, and records how long each waited
 * for the write lock ({@code BEGIN IMMEDIATE} under a 10 s busy timeout and SQLite's own busy handler,
 * as an application's catalog update would). It writes a table of its own, so the import's rows are
 * untouched.
 */
final class OtherWriter implements AutoCloseable {

    static final long INTERVAL_MS = 10;

    private final Connection connection;
    private final Histogram waits = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    private final Thread thread;
    private volatile boolean stopped;
    private volatile SQLException failure;

    private OtherWriter(Connection connection) {
        this.connection = connection;
        this.thread = new Thread(this::loop, "lockbench-bench-other-writer");
        this.thread.setDaemon(true);
    }

    static OtherWriter start(Path db) throws java.sql.SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
            s.execute("CREATE TABLE IF NOT EXISTS bench_other_writer (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)");
            s.execute("INSERT OR IGNORE INTO bench_other_writer VALUES (1, 0)");
        }
        OtherWriter writer = new OtherWriter(connection);
        writer.thread.start();
        return writer;
    }

    private void loop() {
        try (Statement s = connection.createStatement()) {
            while (!stopped) {
                long started = System.nanoTime();
                s.execute("BEGIN IMMEDIATE");
                waits.recordValue(Math.min(waits.getHighestTrackableValue(), System.nanoTime() - started));
                s.execute("UPDATE bench_other_writer SET n = n + 1 WHERE id = 1");
                s.execute("COMMIT");
                Thread.sleep(INTERVAL_MS);
            }
        } catch (SQLException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the writer and returns its waits; a failed writer fails the measurement. */
    Histogram stop() throws SQLException {
        stopped = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
        return waits;
    }

    @Override
    public void close() throws SQLException {
        stopped = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connection.close();
    }
}
