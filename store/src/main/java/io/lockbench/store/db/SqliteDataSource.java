package io.lockbench.store.db;

import io.lockbench.store.config.Settings;
import io.lockbench.store.config.StoreConfig;
import io.lockbench.store.lock.LockProbe;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

/**
 * A data source that opens one SQLite connection per call with the store's PRAGMAs applied through
 * {@link SQLiteConfig} (never by pasting values into SQL). Reader connections additionally run
 * {@code PRAGMA query_only=1}, which sqlite-jdbc does not offer as a connection property. With a
 * {@link LockProbe}, every connection gets the probe's busy handler in place of {@code busy_timeout}.
 * No connection may attach another database file.
 */
final class SqliteDataSource extends SQLiteDataSource {

    /** {@code SQLITE_LIMIT_ATTACHED} in sqlite3.h: how many databases a connection may attach. */
    private static final int SQLITE_LIMIT_ATTACHED = 7;

    private final boolean queryOnly;
    private final LockProbe probe;

    /**
     * @param queryOnly a reader: never sets the journal mode (a property of the file) and runs {@code PRAGMA query_only}
     * @param readOnly  opened with SQLite's read-only flag: cannot create, migrate or change the file
     */
    SqliteDataSource(StoreConfig config, boolean queryOnly, boolean readOnly, LockProbe probe) {
        super(sqliteConfig(config, queryOnly || readOnly, readOnly));
        this.queryOnly = queryOnly;
        this.probe = probe;
        setUrl("jdbc:sqlite:" + config.path().toAbsolutePath());
    }

    static SQLiteConfig sqliteConfig(StoreConfig config, boolean reader, boolean readOnly) {
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setReadOnly(readOnly);
        if (!reader) {
            // The journal mode is a property of the database file; readers inherit it and must not try to change it.
            sqlite.setJournalMode(SQLiteConfig.JournalMode.valueOf(
                    config.get(Settings.JOURNAL_MODE).name()));
        }
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.valueOf(
                config.get(Settings.SYNCHRONOUS).name()));
        sqlite.setBusyTimeout(config.get(Settings.BUSY_TIMEOUT_MS));
        sqlite.enforceForeignKeys(config.get(Settings.FOREIGN_KEYS));
        sqlite.setTempStore(
                SQLiteConfig.TempStore.valueOf(config.get(Settings.TEMP_STORE).name()));
        sqlite.setCacheSize(config.get(Settings.CACHE_SIZE));
        sqlite.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, Long.toString(config.get(Settings.MMAP_SIZE)));
        sqlite.setWalAutocheckpoint(config.get(Settings.WAL_AUTOCHECKPOINT));
        return sqlite;
    }

    @Override
    public SQLiteConnection getConnection(String username, String password) throws SQLException {
        SQLiteConnection connection = super.getConnection(username, password);
        try {
            // No connection of the store attaches another file, so none may: whatever the user's schema,
            // seed or scripts say (ATTACH, or VACUUM INTO, which attaches its target), SQLite itself
            // refuses to reach a file beyond the run's database, the store.from original included.
            connection.getDatabase().limit(SQLITE_LIMIT_ATTACHED, 0);
            if (queryOnly) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("PRAGMA query_only = 1");
                }
            }
            if (probe != null) {
                probe.install(connection);
            }
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return getConnection(null, null);
    }
}
