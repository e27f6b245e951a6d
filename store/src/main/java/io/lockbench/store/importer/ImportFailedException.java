package io.lockbench.store.importer;

import io.lockbench.store.failure.LockbenchFailure;
import java.nio.file.Path;

/**
 * The database refused a write during an import. Everything committed before stays, and the next
 * incremental import resumes from the last committed offset of {@link #file()}.
 */
public final class ImportFailedException extends RuntimeException implements LockbenchFailure {

    @Override
    public Kind kind() {
        return Kind.FAILED;
    }

    private final transient Path file;
    private final long committedOffset;

    ImportFailedException(Path file, long committedOffset, Throwable cause) {
        super("import of " + file + " stopped after byte " + committedOffset + ": " + cause.getMessage(), cause);
        this.file = file;
        this.committedOffset = committedOffset;
    }

    public Path file() {
        return file;
    }

    public long committedOffset() {
        return committedOffset;
    }
}
