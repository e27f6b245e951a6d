package io.lockbench.store.db;

import io.lockbench.store.config.JournalMode;
import io.lockbench.store.config.StoreConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints a WAL database on a thread of its own while a bulk writer runs, the way SQLite's
 * documentation suggests for applications that write a lot ("run checkpoints during idle moments or in
 * a separate thread"). SQLite's automatic checkpoint runs inside the commit that pushes the log past
 * {@code wal_autocheckpoint} pages, so a writer that commits every few milliseconds spends much of its
 * time copying pages back and waiting for two {@code fsync}s, one checkpoint every few commits.
 *
 * <p>While this runs, the writer raises its own threshold ({@link #writerThreshold}) for the length of
 * each of its transactions, and this thread runs a {@code PASSIVE} checkpoint every
 * {@value #PERIOD_MILLIS} ms: it copies what was committed since the last one while the writer goes on,
 * and takes no lock that a writer or reader waits for. The writer's raised threshold stays a backstop:
 * when it is reached, the writer checkpoints what little is left itself, which lets the log restart
 * from its beginning, so the WAL stays bounded even if this thread cannot keep up.
 *
 * <p>Nothing is started for a database that is not in WAL mode, or whose {@code wal_autocheckpoint} is
 * 0 (whoever set that checkpoints on their own schedule).
 */
public final class BackgroundCheckpoints implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundCheckpoints.class);

    /** How often the thread checkpoints; about what a bulk import commits in 2,000 to 5,000 frames. */
    public static final long PERIOD_MILLIS = 100;

    /** The writer's threshold while this runs, as a multiple of the configured one (and at least {@value #MIN_WRITER_THRESHOLD} pages). */
    static final int WRITER_THRESHOLD_FACTOR = 10;

    static final int MIN_WRITER_THRESHOLD = 10_000;

    private static final BackgroundCheckpoints NONE = new BackgroundCheckpoints(null, null, 0);

    private final Connection connection;
    private final Thread thread;
    private final int configured;
    private volatile boolean stopped;

    private BackgroundCheckpoints(Connection connection, String name, int configured) {
        this.connection = connection;
        this.configured = configured;
        this.thread = connection == null ? null : new Thread(this::run, name);
    }

    /** Starts checkpointing {@code config}'s database, or does nothing where that does not apply (see above). */
    public static BackgroundCheckpoints start(StoreConfig config) {
        if (config.postgresql() || config.journalMode() != JournalMode.WAL || config.walAutocheckpoint() == 0) {
            return NONE;
        }
        Connection connection;
        try {
            connection = ConnectionProvider.openUnpooled(config);
        } catch (SQLException e) {
            // The import itself opens the same file next and reports what is wrong with it.
            LOG.debug("no background checkpoints: {}", e.getMessage());
            return NONE;
        }
        BackgroundCheckpoints checkpoints =
                new BackgroundCheckpoints(connection, "lockbench-checkpoints", config.walAutocheckpoint());
        checkpoints.thread.setDaemon(true);
        checkpoints.thread.start();
        return checkpoints;
    }

    /** Whether a thread is checkpointing, so the writer should raise its threshold. */
    public boolean running() {
        return thread != null;
    }

    /** The writer's {@code wal_autocheckpoint} while this runs. */
    public int writerThreshold() {
        return Math.max(MIN_WRITER_THRESHOLD, configured * WRITER_THRESHOLD_FACTOR);
    }

    /** The configured threshold, which the writer's connection gets back after each transaction. */
    public int configuredThreshold() {
        return configured;
    }

    private void run() {
        try (Statement statement = connection.createStatement()) {
            while (!stopped) {
                TimeUnit.MILLISECONDS.sleep(PERIOD_MILLIS);
                statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            // The writer's own threshold still checkpoints; the import must not fail for this.
            LOG.debug("background checkpoints stopped: {}", e.getMessage());
        }
    }

    /** Stops the thread (after the checkpoint it may be running) and closes its connection. */
    @Override
    public void close() {
        if (thread == null) {
            return;
        }
        stopped = true;
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing is best effort: the connection only ever checkpointed
        }
    }
}
