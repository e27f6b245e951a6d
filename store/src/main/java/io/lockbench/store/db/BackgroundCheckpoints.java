package io.lockbench.store.db;

import io.lockbench.store.config.Settings;
import io.lockbench.store.config.StoreConfig;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints a WAL database on a thread of its own while a bulk writer runs, the way SQLite's
 * documentation suggests for applications that write a lot ("run checkpoints during idle moments or in
 * a separate thread"). SQLite's automatic checkpoint runs inside the {@code COMMIT} that pushes the log
 * past {@code wal_autocheckpoint} pages, so a writer that commits every few milliseconds spends much of
 * its time copying pages back and waiting for two {@code fsync}s, one checkpoint every few commits.
 *
 * <p>While this runs, this thread runs a {@code PASSIVE} checkpoint every {@value #PERIOD_MILLIS} ms: it
 * copies what was committed since the last one while the writer goes on, and takes no lock that a
 * writer or reader waits for. The log can only start again from its beginning once every frame in it
 * has been copied, which a checkpoint running beside a busy writer never sees; so when the log has
 * grown past {@link #restartFrames} the writer calls {@link #afterCommit} between two transactions, a
 * last checkpoint copies the little that is left, and the writer's next transaction restarts the log.
 * The writer's own automatic checkpoint is raised to {@link #writerThreshold} for the length of its
 * transactions: a backstop that bounds the log if this thread stops, never reached otherwise, so no
 * checkpoint runs inside the writer's {@code COMMIT} and the lock hold it measures is the lock's.
 *
 * <p>Nothing is started for a database that is not in WAL mode, or whose {@code wal_autocheckpoint} is
 * 0 (whoever set that checkpoints on their own schedule).
 */
public final class BackgroundCheckpoints implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundCheckpoints.class);

    /** How often the thread checkpoints; about what a bulk import commits in 2,000 to 5,000 frames. */
    public static final long PERIOD_MILLIS = 100;

    /** The log restarts after this many times the configured {@code wal_autocheckpoint}, and at least {@value #MIN_RESTART_FRAMES} frames. */
    static final int RESTART_FACTOR = 10;

    /**
     * Every restart makes the writer wait for a last checkpoint and its two {@code fsync}s, which cost more
     * as the database grows and with the disk (60 ms a restart on a 700 MB store on one machine, 380 ms on
     * a 570 MB store on another): restarting every 10,000 frames, an import of 1 GB waited 8.7 s of its
     * 52 s for them; on the slower disk the same import took 95 s restarting every 40,000 frames and 74 s
     * every 100,000. The log file then grows to about 400 MB during an import; it goes when the last
     * connection closes.
     */
    static final int MIN_RESTART_FRAMES = 100_000;

    /**
     * The writer's backstop, as a multiple of {@link #restartFrames}: the log passes the restart point
     * only by what the writer commits before the thread's next checkpoint sees it.
     */
    static final int BACKSTOP_FACTOR = 2;

    private static final BackgroundCheckpoints NONE = new BackgroundCheckpoints(null, null, 0);

    private final Connection connection;
    private final Thread thread;
    private final int configured;
    private volatile boolean stopped;
    /** Set when the connection failed: the writer then keeps its configured threshold. */
    private volatile boolean failed;
    /** Frames in the log at the last checkpoint (the log restarts at the writer's next transaction after a complete one). */
    private volatile long logFrames;

    private BackgroundCheckpoints(Connection connection, String name, int configured) {
        this.connection = connection;
        this.configured = configured;
        this.thread = connection == null ? null : new Thread(this::run, name);
    }

    /** Starts checkpointing {@code config}'s database, or does nothing where that does not apply (see above). */
    public static BackgroundCheckpoints start(StoreConfig config) {
        if (!StoreBackend.of(config).checkpointsInBackground()) {
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
                new BackgroundCheckpoints(connection, "lockbench-checkpoints", config.get(Settings.WAL_AUTOCHECKPOINT));
        checkpoints.thread.setDaemon(true);
        checkpoints.thread.start();
        return checkpoints;
    }

    /** Whether a thread is checkpointing, so the writer should raise its threshold. */
    public boolean running() {
        return thread != null && !failed;
    }

    /** Frames in the log past which the writer lets a last checkpoint catch up, so that the log restarts. */
    public int restartFrames() {
        return Math.max(MIN_RESTART_FRAMES, configured * RESTART_FACTOR);
    }

    /** The writer's {@code wal_autocheckpoint} for the length of its transactions while this runs. */
    public int writerThreshold() {
        return restartFrames() * BACKSTOP_FACTOR;
    }

    /**
     * Called by the writer between its transactions, holding no lock: when the log has grown past
     * {@link #restartFrames}, copies what is left of it, so that the next transaction starts it again.
     */
    public void afterCommit() {
        if (running() && logFrames >= restartFrames()) {
            checkpoint();
        }
    }

    /** The configured threshold, which the writer's connection gets back after each transaction. */
    public int configuredThreshold() {
        return configured;
    }

    private void run() {
        try {
            // Sleeps first: an import shorter than one period leaves checkpoints to SQLite, as before.
            do {
                TimeUnit.MILLISECONDS.sleep(PERIOD_MILLIS);
            } while (!stopped && checkpoint());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One PASSIVE checkpoint; false once the connection failed (the writer's backstop still checkpoints). */
    private synchronized boolean checkpoint() {
        if (stopped && Thread.currentThread() == thread) {
            return false;
        }
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            if (result.next()) {
                long frames = result.getLong(2);
                long copied = result.getLong(3);
                // Everything copied: the writer's next transaction starts the log again.
                logFrames = copied >= frames ? 0 : frames;
            }
            return true;
        } catch (SQLException e) {
            // The import must not fail for this: the writer's own threshold still checkpoints.
            LOG.debug("background checkpoints stopped: {}", e.getMessage());
            failed = true;
            return false;
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
