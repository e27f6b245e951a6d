package io.lockbench.store.lock;

import java.util.Locale;

/** Where in an operation a lock wait or a lock error happened. */
public enum LockPhase {
    /** Waiting for a connection: under the split strategy, the queue for the single writer. */
    CONNECT,
    /** {@code BEGIN}: an IMMEDIATE transaction takes the write lock here. */
    BEGIN,
    /** A statement: a DEFERRED transaction takes the write lock at its first write. */
    STATEMENT,
    /** {@code COMMIT}: a rollback-journal commit needs the exclusive lock. */
    COMMIT;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
