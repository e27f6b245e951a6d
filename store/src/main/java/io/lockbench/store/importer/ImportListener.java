package io.lockbench.store.importer;

import java.nio.file.Path;

/** Observes an import: progress for a terminal, commits for tests and probes. All methods are optional. */
public interface ImportListener {

    ImportListener NONE = new ImportListener() {};

    /** Called once before the first file, with the bytes the import will read at most. */
    default void started(int files, long bytes) {}

    /**
     * Called after each committed transaction with how long it held the write lock: as the running
     * {@link io.lockbench.store.lock.LockTrace} measured it when the thread has one, otherwise from
     * its begin to its commit.
     */
    default void transaction(long holdNanos) {}

    /** Called after each committed transaction with the bytes read so far across all files. */
    default void committed(Path file, long offset, long bytesSoFar) {}
}
