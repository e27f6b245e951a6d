package io.lockbench.harness.results;

import io.lockbench.store.failure.LockbenchFailure;
import java.nio.file.Path;

/** A run.json that is not a result lockbench can trust: the file, the field to blame and what is wrong. */
public final class InvalidRunFileException extends RuntimeException implements LockbenchFailure {

    @Override
    public Kind kind() {
        return Kind.USAGE;
    }

    private static final long serialVersionUID = 1L;

    public InvalidRunFileException(Path file, String field, String problem) {
        super(file + (field == null ? "" : ": " + field) + ": " + problem);
    }
}
