package io.lockbench.store.transcript;

import io.lockbench.store.failure.LockbenchFailure;

/** The input to an import cannot be used at all (missing directory, not a transcript tree). */
public final class InvalidInputException extends RuntimeException implements LockbenchFailure {

    @Override
    public Kind kind() {
        return Kind.USAGE;
    }

    public InvalidInputException(String message) {
        super(message);
    }
}
