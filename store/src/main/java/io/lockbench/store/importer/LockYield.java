package io.lockbench.store.importer;

import io.lockbench.store.config.JournalMode;
import io.lockbench.store.config.Settings;
import io.lockbench.store.config.StoreConfig;
import io.lockbench.store.lock.LockTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Leaves other processes' writers a way in while an import runs. SQLite's busy handler, the one most
 * applications run (and the store's {@code sqlite-schedule}), does not queue: it sleeps 1, 2, 5, 10,
 * 15, 20, 25 ms... between tries and gets the lock only if it is free when a sleep ends. An importer
 * that begins its next transaction as soon as the last one commits leaves the lock free for
 * microseconds, and another process's one-row catalog update waited 1 s at p99 beside a default
 * import into a 1.26 M-message store. So after every {@code import_yield_after_ms} of write-lock hold
 * the importer stays off the lock for {@code import_yield_ms}: a pause of 15 ms covers one of the busy
 * handler's tries from its fourth on, and 20 ms of hold (plus the transaction under way) ends before
 * its sixth, which bounds such a waiter to about the 33 ms of that try (p99 36-37 ms measured beside
 * a default import into the 1.26 M-message store, against 54-56 ms after 30 ms of hold).
 *
 * <p>It pauses only while another process has the database open: in WAL mode every connection keeps
 * a shared lock on the {@code -shm} file, which the kernel's lock table shows with its pid. Where that
 * cannot be seen (no {@code /proc/locks}, a rollback journal, whose idle readers hold no lock) it
 * always pauses. Writers in the importer's own process queue in the process instead ({@code
 * FairWriterGate}), and PostgreSQL has no database-wide write lock: neither needs this.
 */
final class LockYield implements AutoCloseable {

    /** How long a look at the lock table stays true: the table is read at most this often. */
    private static final long LOOK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private static final LockYield NEVER = new LockYield(0, Long.MAX_VALUE, null);

    private final long pauseNanos;
    private final long afterNanos;
    /** The {@code -shm} file to look at; null to pause without looking. */
    private final Path shm;

    private final long ownPid = ProcessHandle.current().pid();
    private LockTable table;
    private long heldNanos;
    private long lookedAt;
    private boolean othersLastSeen;
    private long pauses;
    private long pausedNanos;

    private LockYield(long pauseNanos, long afterNanos, Path shm) {
        this.pauseNanos = pauseNanos;
        this.afterNanos = afterNanos;
        this.shm = shm;
    }

    static LockYield of(StoreConfig config) {
        if (!config.has(Settings.IMPORT_YIELD_MS) || config.get(Settings.IMPORT_YIELD_MS) == 0) {
            return NEVER;
        }
        Path database = config.path().toAbsolutePath();
        boolean canLook = config.get(Settings.JOURNAL_MODE) == JournalMode.WAL && LockTable.available();
        return new LockYield(
                TimeUnit.MILLISECONDS.toNanos(config.get(Settings.IMPORT_YIELD_MS)),
                TimeUnit.MILLISECONDS.toNanos(config.get(Settings.IMPORT_YIELD_AFTER_MS)),
                canLook ? database.resolveSibling(database.getFileName() + "-shm") : null);
    }

    /** After a commit that held the write lock {@code holdNanos}: pauses if the import has held it long enough. */
    void held(long holdNanos) {
        if (pauseNanos == 0) {
            return;
        }
        heldNanos += holdNanos;
        if (heldNanos < afterNanos) {
            return;
        }
        heldNanos = 0;
        if (othersHaveTheDatabaseOpen()) {
            pauses++;
            long started = System.nanoTime();
            try {
                TimeUnit.NANOSECONDS.sleep(pauseNanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            pausedNanos += System.nanoTime() - started;
        }
    }

    /** How many times the import stood aside. */
    long pauses() {
        return pauses;
    }

    /** How long it stood aside in all. */
    long pausedNanos() {
        return pausedNanos;
    }

    private boolean othersHaveTheDatabaseOpen() {
        if (shm == null) {
            return true;
        }
        long now = System.nanoTime();
        if (lookedAt != 0 && now - lookedAt < LOOK_NANOS) {
            return othersLastSeen;
        }
        lookedAt = now;
        try {
            LockTable.FileId file = LockTable.fileId(shm);
            if (file == null) {
                othersLastSeen = false;
                return false;
            }
            if (table == null) {
                table = new LockTable(LockTable.PROC_LOCKS);
            }
            othersLastSeen = table.read(inode -> inode == file.inode()).stream()
                    .anyMatch(e -> e.file().equals(file) && e.pid() != ownPid && e.pid() > 0);
        } catch (IOException | RuntimeException e) {
            othersLastSeen = true;
        }
        return othersLastSeen;
    }

    @Override
    public void close() {
        if (table != null) {
            try {
                table.close();
            } catch (IOException e) {
                // only the lock table's read channel
            }
        }
    }
}
