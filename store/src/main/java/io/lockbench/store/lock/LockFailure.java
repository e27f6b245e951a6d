package io.lockbench.store.lock;

import java.sql.SQLException;
import java.util.Map;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * An error an operation ended with, by code and phase. SQLite errors are named by their extended
 * result code ({@code SQLITE_BUSY_SNAPSHOT}); PostgreSQL errors by their SQLState and condition name
 * ({@code PG_55P03_LOCK_NOT_AVAILABLE}); anything else is {@code OTHER}. {@code busy} marks lock
 * contention: SQLite's BUSY family, and on PostgreSQL a lock not granted in time, a serialization
 * failure, a deadlock or a statement cancelled by its timeout.
 */
public record LockFailure(String codeName, boolean busy, LockPhase phase) {

    /** The PostgreSQL conditions that mean "another transaction had the lock": counted with SQLite's BUSY codes. */
    static final Map<String, String> POSTGRESQL_CONTENTION = Map.of(
            "40001", "SERIALIZATION_FAILURE",
            "40P01", "DEADLOCK_DETECTED",
            "55P03", "LOCK_NOT_AVAILABLE",
            "57014", "QUERY_CANCELED");

    /** What {@code error} (or the first database error in its cause chain) was, in {@code phase}. */
    public static LockFailure of(Throwable error, LockPhase phase) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException sqlite) {
                int code = sqlite.getResultCode().code;
                return new LockFailure(sqliteName(code), (code & 0xff) == SQLiteErrorCode.SQLITE_BUSY.code, phase);
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && isPostgres(sql)) {
                String state = sql.getSQLState();
                String condition = POSTGRESQL_CONTENTION.get(state);
                return new LockFailure(
                        "PG_" + state + (condition == null ? "" : "_" + condition), condition != null, phase);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return new LockFailure("OTHER", false, phase);
    }

    private static boolean isPostgres(SQLException e) {
        return e.getClass().getName().startsWith("org.postgresql.");
    }

    /** {@code SQLITE_BUSY_SNAPSHOT} for the extended result code 517, {@code SQLITE_n} for unknown codes. */
    private static String sqliteName(int resultCode) {
        SQLiteErrorCode code = SQLiteErrorCode.getErrorCode(resultCode);
        return code == SQLiteErrorCode.UNKNOWN_ERROR ? "SQLITE_" + resultCode : code.name();
    }

    /** True when the error came from the database (SQLite or PostgreSQL), not from elsewhere. */
    public boolean fromDatabase() {
        return !"OTHER".equals(codeName);
    }

    /** Lock contention: SQLITE_BUSY and its extended codes, or PostgreSQL's lock and serialization failures. */
    public boolean isBusy() {
        return busy;
    }

    /** {@code SQLITE_BUSY_SNAPSHOT/commit}: how counts are keyed in results. */
    public String key() {
        return codeName + "/" + phase.label();
    }
}
