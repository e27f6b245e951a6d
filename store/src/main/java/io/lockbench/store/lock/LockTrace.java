package io.lockbench.store.lock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one operation went through to get and keep the database lock: time spent in the busy
 * handler, retries, connection wait, write-lock hold time and the error it ended with.
 *
 * <p>A trace belongs to the thread that {@linkplain #start started} it: SQLite calls the
 * busy handler on the thread executing the statement, so the handler and
 * {@link io.lockbench.store.db.Transactions} find the trace of the running operation through a
 * thread-local and no locking is needed. Closing the trace detaches it and logs a warning when the
 * lock wait passed the threshold.
 */
public final class LockTrace implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LockTrace.class);
    private static final ThreadLocal<LockTrace> CURRENT = new ThreadLocal<>();

    private final String operation;
    private final long warnNanos;
    private final LockTrace outer;
    private int batchSize;
    private long rows;

    private long lockWaitNanos;
    private long connectionWaitNanos;
    private long holdNanos;
    private long longestHoldNanos;
    private int busyRetries;
    private int writeTransactions;
    private long waitStartedAt;
    private long holdStartedAt;
    private LockPhase phase = LockPhase.STATEMENT;
    private LockFailure failure;
    private boolean closed;

    private LockTrace(String operation, long warnNanos) {
        this.operation = operation;
        this.warnNanos = warnNanos;
        this.outer = CURRENT.get();
        CURRENT.set(this);
    }

    /**
     * Starts the trace of one operation on this thread; close it when the operation is over. A wait
     * for the lock (or a connection) of {@code warnAfterMs} or more is logged as a warning; 0 turns
     * the warning off.
     */
    public static LockTrace start(String operation, int warnAfterMs) {
        return new LockTrace(operation, java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(warnAfterMs));
    }

    /** The trace of the operation running on this thread, or {@code null}. */
    public static LockTrace current() {
        return CURRENT.get();
    }

    /** Batch size and rows written, for the slow-wait warning. */
    public LockTrace describe(int batchSize, long rows) {
        this.batchSize = batchSize;
        this.rows = rows;
        return this;
    }

    // ---- called by Transactions, ConnectionProvider and the busy handler on the owning thread ----

    /** Marks the start of a phase; a wait in progress from an earlier phase is closed first. */
    public void enter(LockPhase next) {
        endWait(System.nanoTime());
        this.phase = next;
    }

    /** Ends the current phase: any busy wait in it is over. */
    public void leave() {
        endWait(System.nanoTime());
        this.phase = LockPhase.STATEMENT;
    }

    void busy(long now) {
        if (waitStartedAt == 0) {
            waitStartedAt = now;
        }
    }

    void retried() {
        busyRetries++;
    }

    public void connectionWait(long nanos) {
        connectionWaitNanos += nanos;
    }

    /** A write transaction began: the write lock is (or, if DEFERRED, is about to be) held from now. */
    public void writeLockTaken() {
        holdStartedAt = System.nanoTime();
        writeTransactions++;
    }

    /** The write transaction committed or rolled back. */
    public void writeLockReleased() {
        if (holdStartedAt != 0) {
            long held = System.nanoTime() - holdStartedAt;
            holdNanos += held;
            longestHoldNanos = Math.max(longestHoldNanos, held);
            holdStartedAt = 0;
        }
    }

    /**
     * Records the error of the current phase by its extended SQLite result code (-1 when it was not an
     * SQLite error); the first error of an operation is the one kept.
     */
    public void failed(int resultCode) {
        endWait(System.nanoTime());
        if (failure == null) {
            failure = new LockFailure(resultCode, phase);
        }
    }

    private void endWait(long now) {
        if (waitStartedAt != 0) {
            lockWaitNanos += now - waitStartedAt;
            waitStartedAt = 0;
        }
    }

    // ---- read by the caller ----

    public String operation() {
        return operation;
    }

    public long lockWaitNanos() {
        return lockWaitNanos;
    }

    public long connectionWaitNanos() {
        return connectionWaitNanos;
    }

    /** Write-lock hold summed over the operation's write transactions. */
    public long holdNanos() {
        return holdNanos;
    }

    /** The longest single write-lock hold of the operation: what another writer may have had to wait. */
    public long longestHoldNanos() {
        return longestHoldNanos;
    }

    public int busyRetries() {
        return busyRetries;
    }

    /** How many write transactions began; 0 for a read-only operation. */
    public int writeTransactions() {
        return writeTransactions;
    }

    /** The error recorded by the store, or {@code null} when every phase succeeded. */
    public LockFailure failure() {
        return failure;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        long now = System.nanoTime();
        endWait(now);
        writeLockReleased();
        if (outer == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(outer);
        }
        if (warnNanos > 0 && lockWaitNanos + connectionWaitNanos >= warnNanos) {
            String size = batchSize > 0 ? String.format("; batch_size=%d, rows=%d", batchSize, rows) : "";
            LOG.warn("{} waited {} ms for the database lock ({} busy retries, {} ms for a connection{})",
                    operation, (lockWaitNanos + connectionWaitNanos) / 1_000_000, busyRetries, connectionWaitNanos / 1_000_000, size);
        }
    }
}
