package io.lockbench.store.db;

import io.lockbench.store.config.TransactionMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Brings a database to the newest schema, one numbered script at a time; {@code PRAGMA user_version}
 * records the last script applied. Each script runs in its own IMMEDIATE transaction with the version
 * bump, so two processes opening a new database at once cannot both apply it.
 */
public final class SchemaMigrator {

    /** Scripts in order; script {@code i} brings the schema to version {@code i + 1}. */
    static final List<String> SCRIPTS =
            List.of("V1__sessions.sql", "V2__token_rollup.sql", "V3__catalog.sql", "V4__order_independent_import.sql");

    public static final int LATEST_VERSION = SCRIPTS.size();

    private SchemaMigrator() {}

    /** Applies every missing script and returns the schema version the database now has. */
    public static int migrate(Connection connection) throws SQLException {
        for (int target = 1; target <= SCRIPTS.size(); target++) {
            int wanted = target;
            String script = load(SCRIPTS.get(target - 1));
            Transactions.write(connection, TransactionMode.IMMEDIATE, c -> {
                // Read inside the transaction: another process may have migrated while we waited.
                int current = userVersion(c);
                if (current >= wanted) {
                    if (wanted == SCRIPTS.size()) {
                        // Rewriting the same version proves now, not at the first import, that the file is writable;
                        // a database from before the marker gets it here.
                        try (Statement statement = c.createStatement()) {
                            statement.execute("PRAGMA user_version = " + current);
                            statement.execute("PRAGMA application_id = " + DatabaseFile.APPLICATION_ID);
                        }
                    }
                    return null;
                }
                try (Statement statement = c.createStatement()) {
                    // executeUpdate hands the whole script to sqlite3_exec, which runs its statements in order
                    // (trigger bodies included); execute(sql) would prepare only the first one.
                    statement.executeUpdate(script);
                    statement.execute("PRAGMA user_version = " + wanted);
                    statement.execute("PRAGMA application_id = " + DatabaseFile.APPLICATION_ID);
                }
                return null;
            });
        }
        int version = userVersion(connection);
        if (version > LATEST_VERSION) {
            throw new SQLException("database schema version " + version + " is newer than this lockbench ("
                    + LATEST_VERSION + "); use a newer lockbench or another database file");
        }
        return version;
    }

    public static int userVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static String load(String name) {
        try (InputStream in = SchemaMigrator.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("migration script missing from the classpath: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
