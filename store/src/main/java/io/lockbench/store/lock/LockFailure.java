package io.lockbench.store.lock;

import org.sqlite.SQLiteErrorCode;

/**
 * An error an operation ended with: the extended SQLite result code (or -1 when it was not an
 * SQLite error) and the phase it happened in.
 */
public record LockFailure(int resultCode, LockPhase phase) {

    /** {@code SQLITE_BUSY_SNAPSHOT}, for instance; {@code OTHER} for errors without a result code. */
    public String codeName() {
        return codeName(resultCode);
    }

    public static String codeName(int resultCode) {
        if (resultCode < 0) {
            return "OTHER";
        }
        SQLiteErrorCode code = SQLiteErrorCode.getErrorCode(resultCode);
        return code == SQLiteErrorCode.UNKNOWN_ERROR ? "SQLITE_" + resultCode : code.name();
    }

    /** SQLITE_BUSY and its extended codes (BUSY_RECOVERY, BUSY_SNAPSHOT, BUSY_TIMEOUT). */
    public boolean isBusy() {
        return resultCode >= 0 && (resultCode & 0xff) == SQLiteErrorCode.SQLITE_BUSY.code;
    }

    /** {@code SQLITE_BUSY_SNAPSHOT/commit}: how counts are keyed in results. */
    public String key() {
        return codeName() + "/" + phase.label();
    }
}
