package io.lockbench.store.db;

/**
 * The database cannot be used as asked: missing directory, read-only or corrupt file, a lock held
 * past the busy timeout. The message says what a person can do about it.
 */
public final class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
