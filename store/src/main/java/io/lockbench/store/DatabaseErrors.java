package io.lockbench.store;

import io.lockbench.store.db.PostgresFailures;
import io.lockbench.store.db.SqliteFailures;
import java.util.Optional;
import org.sqlite.SQLiteErrorCode;

/** One line for a person about a database error, whichever database raised it. */
public final class DatabaseErrors {

    private DatabaseErrors() {}

    /**
     * What a SQLite or PostgreSQL error in {@code failure}'s causes says, shortened to one line, with
     * what to do where that is known (a full disk, a lock held too long); empty when no database raised it.
     */
    public static Optional<String> describe(Throwable failure) {
        if (SqliteFailures.resultCode(failure).isPresent()) {
            String message = SqliteFailures.shortMessage(SqliteFailures.rootSqliteException(failure));
            int primary = SqliteFailures.resultCode(failure)
                    .map(code -> code.code & 0xff)
                    .orElse(0);
            if (primary == SQLiteErrorCode.SQLITE_FULL.code || primary == SQLiteErrorCode.SQLITE_IOERR.code) {
                message += "; the disk may be full or a file-size limit reached: free space and run the import again";
            }
            if (SqliteFailures.isBusy(failure)) {
                message += "; another connection held the write lock longer than busy_timeout_ms allows"
                        + " (raise it with --set busy_timeout_ms=N, or import when the other writer is done)";
            }
            return Optional.of(message);
        }
        if (PostgresFailures.sqlState(failure) != null) {
            return Optional.of(PostgresFailures.shortMessage(failure));
        }
        return Optional.empty();
    }

    /** {@link #describe} where a database raised the failure, else the first line of its message. */
    public static String oneLine(Throwable failure) {
        return describe(failure)
                .orElseGet(() ->
                        String.valueOf(failure.getMessage()).lines().findFirst().orElse(""));
    }
}
