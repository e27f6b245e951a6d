package io.lockbench.store.db;

import io.lockbench.store.config.JournalMode;
import io.lockbench.store.config.StoreConfig;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WAL checkpoints of a bulk writer, on a thread and connection of their own.
 *
 * <p>SQLite runs an automatic checkpoint inside the {@code COMMIT} that takes the WAL past
 * {@code wal_autocheckpoint} pages, so the committing writer holds its lock through the checkpoint's
 * page copies and file syncs. While an import runs, its transactions switch the automatic checkpoint off
 * ({@link #pauseAutomaticCheckpoints}) and this thread runs the checkpoints instead, every
 * {@value #INTERVAL_MS} ms: {@code PRAGMA wal_checkpoint(PASSIVE)}, which neither waits for nor blocks
 * readers and writers. With {@code wal_autocheckpoint=0} (checkpoints off) or without WAL, it does
 * nothing.
 *
 * <p>It learns how far the WAL has grown only from SQLite, never by opening the {@code -wal} or
 * {@code -shm} file itself: closing any descriptor of a file drops every POSIX lock this process holds
 * on it, including SQLite's, and other processes would then change the WAL under this process's feet.
 */
public final class BackgroundCheckpointer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundCheckpointer.class);
    static final long INTERVAL_MS = 50;

    private final StoreConfig config;
    private final Thread thread;
    private volatile boolean stopped;
    private final AtomicLong checkpoints = new AtomicLong();

    private BackgroundCheckpointer(StoreConfig config) {
        this.config = config;
        this.thread = new Thread(this::loop, "lockbench-checkpointer");
        thread.setDaemon(true);
    }

    /** Whether an import on this configuration checkpoints in the background. */
    public static boolean applies(StoreConfig config) {
        return config.journalMode() == JournalMode.WAL && config.walAutocheckpoint() > 0;
    }

    /** Starts the thread; {@link #close()} stops it. Null when {@link #applies} is false. */
    public static BackgroundCheckpointer start(StoreConfig config) {
        if (!applies(config)) {
            return null;
        }
        BackgroundCheckpointer checkpointer = new BackgroundCheckpointer(config);
        checkpointer.thread.start();
        return checkpointer;
    }

    /** For the transactions of the writer this thread stands in for: no automatic checkpoint at commit. */
    public static void pauseAutomaticCheckpoints(Connection writer) throws SQLException {
        try (Statement statement = writer.createStatement()) {
            statement.execute("PRAGMA wal_autocheckpoint = 0");
        }
    }

    /** Gives the writer connection its configured automatic checkpoint back (it may serve other writers). */
    public static void resumeAutomaticCheckpoints(Connection writer, StoreConfig config) throws SQLException {
        try (Statement statement = writer.createStatement()) {
            statement.execute("PRAGMA wal_autocheckpoint = " + config.walAutocheckpoint());
        }
    }

    private void loop() {
        SqliteDataSource source = new SqliteDataSource(config, false, false, null);
        try (Connection connection = source.getConnection();
                Statement statement = connection.createStatement()) {
            while (!stopped) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(INTERVAL_MS));
                try (ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
                    // (busy, frames in the WAL, frames checkpointed): count the checkpoints that copied something
                    if (result.next() && result.getInt(3) > 0) {
                        checkpoints.incrementAndGet();
                    }
                }
            }
        } catch (SQLException e) {
            // The writer's own automatic checkpoints come back when the import ends; nothing is lost.
            LOG.warn("background checkpoints stopped: {}", e.getMessage());
        }
    }

    /** Checkpoints so far that copied at least one frame back into the database. */
    public long checkpoints() {
        return checkpoints.get();
    }

    @Override
    public void close() {
        stopped = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
