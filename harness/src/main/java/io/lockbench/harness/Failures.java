package io.lockbench.harness;

import io.lockbench.store.DatabaseErrors;
import io.lockbench.store.failure.LockbenchFailure;
import io.lockbench.store.importer.ImportFailedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;

/**
 * What a failure means to the person who met it: one line they can act on, and whether it is their
 * input (usage), their environment, or a bug. The command line and the server say it the same way.
 */
public final class Failures {

    private Failures() {}

    public static String describe(Exception failure) {
        if (failure instanceof ImportFailedException importFailed) {
            return "import of " + importFailed.file()
                    + " stopped (what was committed is kept: earlier files, and this one up to byte "
                    + importFailed.committedOffset() + "; run the import again to resume): "
                    + cause(importFailed.getCause());
        }
        if (LockbenchFailure.kindOf(failure) != null) {
            return failure.getMessage();
        }
        if (failure instanceof NoSuchFileException) {
            return "no such file: " + failure.getMessage();
        }
        if (failure instanceof AccessDeniedException) {
            return "permission denied: " + failure.getMessage();
        }
        if (failure instanceof FileAlreadyExistsException) {
            return "already exists: " + failure.getMessage();
        }
        if (failure instanceof IOException || failure instanceof UncheckedIOException) {
            Throwable io = failure instanceof UncheckedIOException ? failure.getCause() : failure;
            return "I/O error: " + io.getMessage();
        }
        return "internal error, a bug in lockbench (" + failure.getClass().getSimpleName() + ": "
                + String.valueOf(failure.getMessage()).lines().findFirst().orElse("")
                + "); run again with --debug for the stack trace";
    }

    /** Failures the user can act on (bad input, an unusable database, I/O), as opposed to bugs. */
    public static boolean isExpected(Exception failure) {
        return LockbenchFailure.kindOf(failure) != null
                || failure instanceof IOException
                || failure instanceof UncheckedIOException;
    }

    private static String cause(Throwable cause) {
        return DatabaseErrors.describe(cause)
                .orElseGet(() ->
                        String.valueOf(cause.getMessage()).lines().findFirst().orElse(""));
    }
}
