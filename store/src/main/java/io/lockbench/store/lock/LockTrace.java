package io.lockbench.store.lock;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one operation went through to get and keep the database lock: time spent waiting for a
 * lock, retries, connection wait, write-lock hold time and the error it ended with.
 *
 * <ul>
 *   <li><b>Lock wait</b> is the time spent inside the busy handler: SQLite calls it when a lock
 *       attempt fails and retries the attempt when it returns, so a wait starts at the first call
 *       and ends when the last call returns (the statement then has its lock, or fails). Work done
 *       after the lock was obtained is never charged as waiting.</li>
 *   <li><b>Hold</b> runs from the moment the write lock is really held to commit or rollback: the
 *       end of {@code BEGIN IMMEDIATE}, or under DEFERRED the first statement that changes a row.</li>
 * </ul>
 *
 * <p>A trace belongs to the thread that {@linkplain #start started} it: SQLite calls the
 * busy handler on the thread executing the statement, so the probe's handler and the store's
 * transactions find the trace of the running operation through a thread-local and no locking is
 * needed. Closing the trace detaches it and logs a warning when the lock wait passed the threshold.
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
    // Added by PostgreSQL's wait sampler from its own thread (PostgresLockWaits); everything else is this thread's.
    private final AtomicLong sampledWaitNanos = new AtomicLong();
    private long connectionWaitNanos;
    private long holdNanos;
    private long longestHoldNanos;
    private int busyRetries;
    private int writeTransactions;
    private boolean inWriteTransaction;
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
        return new LockTrace(operation, TimeUnit.MILLISECONDS.toNanos(warnAfterMs));
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

    // ---- called by the store's transactions, data sources and busy handler on the owning thread ----

    /** Marks the start of a phase, so an error is charged to it. */
    public void enter(LockPhase next) {
        this.phase = next;
    }

    /** Ends the current phase. */
    public void leave() {
        this.phase = LockPhase.STATEMENT;
    }

    /** One busy-handler call took {@code nanos}; {@code retrying} when it asked SQLite to try again. */
    void busyWait(long nanos, boolean retrying) {
        lockWaitNanos += nanos;
        if (retrying) {
            busyRetries++;
        }
    }

    /** PostgreSQL: the server process of this operation's transaction was seen waiting for a lock for {@code nanos}. */
    public void sampledLockWait(long nanos) {
        sampledWaitNanos.addAndGet(nanos);
    }

    public void connectionWait(long nanos) {
        connectionWaitNanos += nanos;
    }

    /**
     * A write transaction began; {@code lockHeld} when its begin took the write lock (IMMEDIATE),
     * otherwise the hold starts at {@link #writeLockAcquired()}.
     */
    public void writeTransactionBegan(boolean lockHeld) {
        writeTransactions++;
        inWriteTransaction = true;
        holdStartedAt = lockHeld ? System.nanoTime() : 0;
    }

    /** The running write transaction holds the write lock from now on (a no-op once it does). */
    public void writeLockAcquired() {
        if (inWriteTransaction && holdStartedAt == 0) {
            holdStartedAt = System.nanoTime();
        }
    }

    /** The write transaction committed or rolled back. */
    public void writeLockReleased() {
        inWriteTransaction = false;
        if (holdStartedAt != 0) {
            long held = System.nanoTime() - holdStartedAt;
            holdNanos += held;
            longestHoldNanos = Math.max(longestHoldNanos, held);
            holdStartedAt = 0;
        }
    }

    /** Records the error of the current phase; the first error of an operation is the one kept. */
    public void failed(Throwable error) {
        if (failure == null) {
            failure = LockFailure.of(error, phase);
        }
    }

    // ---- read by the caller ----

    public String operation() {
        return operation;
    }

    public long lockWaitNanos() {
        return lockWaitNanos + sampledWaitNanos.get();
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
        writeLockReleased();
        if (outer == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(outer);
        }
        long waited = lockWaitNanos();
        if (warnNanos > 0 && waited + connectionWaitNanos >= warnNanos) {
            String size = batchSize > 0 ? String.format(Locale.ROOT, "; batch_size=%d, rows=%d", batchSize, rows) : "";
            LOG.warn(
                    "{} waited {} ms for the database lock ({} busy retries, {} ms for a connection{})",
                    operation,
                    (waited + connectionWaitNanos) / 1_000_000,
                    busyRetries,
                    connectionWaitNanos / 1_000_000,
                    size);
        }
    }
}
