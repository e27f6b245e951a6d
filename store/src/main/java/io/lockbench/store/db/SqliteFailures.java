package io.lockbench.store.db;

import io.lockbench.store.failure.StoreUnavailableException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Finds the SQLite result code behind an exception (pools and Jdbi wrap them; SQLState is always
 * null with sqlite-jdbc) and turns it into a message a person can act on.
 */
public final class SqliteFailures {

    private SqliteFailures() {}

    /** The extended result code of the first {@link SQLiteException} in the cause chain. */
    public static Optional<SQLiteErrorCode> resultCode(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException sqlite) {
                return Optional.of(sqlite.getResultCode());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }

    /** The first {@link SQLiteException} in the cause chain, or {@code failure} itself when there is none. */
    public static Throwable rootSqliteException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException) {
                return t;
            }
        }
        return failure;
    }

    /** True for SQLITE_BUSY and its extended codes (BUSY_SNAPSHOT, BUSY_RECOVERY, BUSY_TIMEOUT). */
    public static boolean isBusy(Throwable failure) {
        return resultCode(failure)
                .map(code -> (code.code & 0xff) == SQLiteErrorCode.SQLITE_BUSY.code)
                .orElse(false);
    }

    public static StoreUnavailableException describe(Path database, int busyTimeoutMs, Throwable failure) {
        String where = database.toAbsolutePath().toString();
        int primary = resultCode(failure).map(code -> code.code & 0xff).orElse(-1);
        String message;
        if (primary == SQLiteErrorCode.SQLITE_BUSY.code || primary == SQLiteErrorCode.SQLITE_LOCKED.code) {
            message = "database " + where + " is locked by another connection or process and stayed locked longer than"
                    + " busy_timeout_ms=" + busyTimeoutMs
                    + "; wait for the other writer to finish, or raise busy_timeout_ms";
        } else if (resultCode(failure).orElse(null) == SQLiteErrorCode.SQLITE_READONLY_ROLLBACK) {
            message = "database " + where + " has a hot journal (" + where + "-journal, left by a writer that stopped"
                    + " mid-transaction) that must be rolled back before it can be read, and it was opened read-only;"
                    + " open it once with write access (sqlite3 " + where + " 'PRAGMA quick_check'), or copy the"
                    + " database and its -journal together and use the copy";
        } else if (primary == SQLiteErrorCode.SQLITE_READONLY.code) {
            message = "database " + where + " is read-only: writing it needs write access to the file and to its"
                    + " directory (for the -wal and -shm files); fix the permissions, or use a copy in a writable"
                    + " directory";
        } else if (primary == SQLiteErrorCode.SQLITE_CANTOPEN.code) {
            message = "cannot open database " + where + " ("
                    + resultCode(failure).map(Enum::name).orElse("")
                    + "): check that its directory exists and is writable (SQLite makes its -wal, -shm and -journal"
                    + " files beside the database, also to read a WAL database) and that the file may be read";
        } else if (primary == SQLiteErrorCode.SQLITE_NOTADB.code || primary == SQLiteErrorCode.SQLITE_CORRUPT.code) {
            message = "database " + where + " is not a SQLite database or is corrupt; check the path, restore it from"
                    + " a backup, or (a store lockbench imported into) move it aside and import again";
        } else if (primary == SQLiteErrorCode.SQLITE_FULL.code) {
            message = "disk full while writing " + where + "; free space and run again (committed work is kept)";
        } else if (primary == SQLiteErrorCode.SQLITE_IOERR.code) {
            message = "I/O error on database " + where + " (" + shortMessage(failure)
                    + "); check the disk and file system";
        } else {
            message = "database " + where + ": " + shortMessage(failure);
        }
        return new StoreUnavailableException(message, failure);
    }

    public static String shortMessage(Throwable failure) {
        String text = failure instanceof SQLException && failure.getMessage() != null
                ? failure.getMessage()
                : String.valueOf(failure);
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
