package io.lockbench.store.failure;

/**
 * A failure lockbench expected and can explain in one line: every exception of lockbench's own
 * implements this and says which {@link Kind} it is, so the command line maps kinds to exit codes
 * in one place and a new exception type is never misreported as a bug. (An interface, not a base
 * class, because some of them must stay what callers already catch: an
 * {@link IllegalArgumentException} for configuration, an {@link java.io.IOException} for files.)
 */
public interface LockbenchFailure {

    /** What the person who met the failure can do about it. */
    enum Kind {
        /** Their input: an option, a setting, a scenario, a file given to read. Exit 2. */
        USAGE,
        /** Their environment: a database that cannot be used as asked, a server that does not answer. Exit 1. */
        UNAVAILABLE,
        /** The work ran and failed (an import stopped, a gate could not measure). Exit 1. */
        FAILED
    }

    Kind kind();

    /** The kind of {@code failure}, or null when it is not one of lockbench's own (an I/O error, a bug). */
    static Kind kindOf(Throwable failure) {
        return failure instanceof LockbenchFailure own ? own.kind() : null;
    }
}
