package io.lockbench.store.lock;

import java.sql.Connection;
import java.sql.SQLException;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteUpdateListener;
import org.sqlite.core.DB;

/**
 * Tells a {@link LockTrace} when a DEFERRED write transaction really takes the write lock: at the
 * first statement that changes a row, which SQLite reports through its update hook on the thread
 * running the statement. The hook stays installed until the transaction ends (removing a hook from
 * inside its own callback is not safe), and ignores every call after the first.
 *
 * <p>A statement that takes the write lock but changes no row (an UPDATE that matches nothing, or a
 * write to a {@code WITHOUT ROWID} table, which SQLite does not report) starts no hold: the hold then
 * starts at the first row change, or not at all.
 */
public final class FirstWriteWatch implements SQLiteUpdateListener, AutoCloseable {

    private final DB database;
    private final LockTrace trace;
    private boolean seen;

    private FirstWriteWatch(DB database, LockTrace trace) {
        this.database = database;
        this.trace = trace;
    }

    /** Starts watching {@code connection} (a sqlite-jdbc connection or a wrapper of one) for {@code trace}. */
    public static FirstWriteWatch install(Connection connection, LockTrace trace) throws SQLException {
        DB database = connection.unwrap(SQLiteConnection.class).getDatabase();
        FirstWriteWatch watch = new FirstWriteWatch(database, trace);
        database.addUpdateListener(watch);
        return watch;
    }

    @Override
    public void onUpdate(Type type, String databaseName, String table, long rowId) {
        if (!seen) {
            seen = true;
            trace.writeLockAcquired();
        }
    }

    @Override
    public void close() {
        database.removeUpdateListener(this);
    }
}
