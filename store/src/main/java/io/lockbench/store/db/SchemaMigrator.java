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

    /** PostgreSQL's scripts, in the same numbering scheme; its schema starts at what SQLite's V4 reached. */
    static final List<String> POSTGRESQL_SCRIPTS = List.of("postgresql/V1__schema.sql");

    public static final int LATEST_POSTGRESQL_VERSION = POSTGRESQL_SCRIPTS.size();

    /** Serialises migrations of one schema between processes (any constant shared by every lockbench). */
    private static final long MIGRATION_LOCK = 0x6c6f636b62656e63L;

    /** Applies every missing SQLite script and returns the schema version the database now has. */
    static int migrate(Connection connection) throws SQLException {
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

    /**
     * PostgreSQL has no {@code user_version}: the version lives in {@code lockbench_schema}, in the
     * schema the connection's {@code search_path} names first, and a transaction-scoped advisory lock
     * keeps two processes from applying the same script.
     */
    static int migratePostgresql(Connection connection) throws SQLException {
        for (int target = 1; target <= POSTGRESQL_SCRIPTS.size(); target++) {
            int wanted = target;
            String script = load(POSTGRESQL_SCRIPTS.get(target - 1));
            Transactions.write(connection, TransactionMode.IMMEDIATE, c -> {
                try (Statement statement = c.createStatement()) {
                    try (ResultSet rs = statement.executeQuery("SELECT current_schema()")) {
                        if (!rs.next() || rs.getString(1) == null) {
                            throw new SQLException("the schema named by the URL's currentSchema (or the search_path)"
                                    + " does not exist; create it (CREATE SCHEMA ...) or name another");
                        }
                    }
                    statement.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
                    statement.execute("CREATE TABLE IF NOT EXISTS lockbench_schema (version INTEGER NOT NULL)");
                    int current = postgresqlVersion(c);
                    if (current >= wanted) {
                        return null;
                    }
                    statement.execute(script);
                    statement.execute("DELETE FROM lockbench_schema");
                    statement.execute("INSERT INTO lockbench_schema (version) VALUES (" + wanted + ")");
                }
                return null;
            });
        }
        int version = postgresqlVersion(connection);
        if (version > LATEST_POSTGRESQL_VERSION) {
            throw new SQLException("database schema version " + version + " is newer than this lockbench ("
                    + LATEST_POSTGRESQL_VERSION + "); use a newer lockbench or another schema");
        }
        return version;
    }

    /** The version recorded in {@code lockbench_schema}, or 0 when there is none. */
    public static int postgresqlVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT to_regclass('lockbench_schema') IS NULL")) {
                if (!rs.next() || rs.getBoolean(1)) {
                    return 0;
                }
            }
            try (ResultSet rs = statement.executeQuery("SELECT coalesce(max(version), 0) FROM lockbench_schema")) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
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
