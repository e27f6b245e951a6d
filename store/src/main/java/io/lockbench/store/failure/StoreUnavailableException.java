package io.lockbench.store.failure;

/**
 * The database cannot be used as asked: missing directory, read-only or corrupt file, a lock held
 * past the busy timeout. The message says what a person can do about it.
 */
public final class StoreUnavailableException extends RuntimeException implements LockbenchFailure {

    @Override
    public Kind kind() {
        return Kind.UNAVAILABLE;
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
