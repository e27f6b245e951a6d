package io.lockbench.store.db;

import io.lockbench.store.config.Backend;
import io.lockbench.store.config.Setting;
import io.lockbench.store.config.Settings;
import io.lockbench.store.config.StoreConfig;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads PRAGMAs back from a live connection, to check and to report what SQLite really uses. */
public final class SqlitePragmas {

    /** The PRAGMAs the store configures or that matter for locking, in report order. */
    public static final List<String> REPORTED = List.of(
            "journal_mode",
            "synchronous",
            "busy_timeout",
            "foreign_keys",
            "temp_store",
            "cache_size",
            "mmap_size",
            "wal_autocheckpoint",
            "query_only",
            "locking_mode",
            "page_size",
            "page_count",
            "freelist_count",
            "user_version",
            "auto_vacuum",
            "journal_size_limit",
            "encoding");

    /**
     * The PRAGMAs whose values are stored in the database file (or follow from it), the same for every
     * connection: what a diagnosis of a file can say. The others in {@link #REPORTED} belong to each
     * connection.
     */
    public static final List<String> STORED_IN_FILE = List.of(
            "journal_mode",
            "page_size",
            "page_count",
            "freelist_count",
            "user_version",
            "application_id",
            "auto_vacuum",
            "encoding");

    private SqlitePragmas() {}

    /** The values of {@link #STORED_IN_FILE}, in that order. */
    public static Map<String, String> readStoredInFile(Connection connection) throws SQLException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pragma : STORED_IN_FILE) {
            values.put(pragma, read(connection, pragma));
        }
        return values;
    }

    /** Reads one PRAGMA; the name must be one of {@link #REPORTED}, never user text. */
    public static String read(Connection connection, String pragma) throws SQLException {
        if (!REPORTED.contains(pragma) && !STORED_IN_FILE.contains(pragma)) {
            throw new IllegalArgumentException("not a reported pragma: " + pragma);
        }
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("PRAGMA " + pragma)) {
            return rs.next() ? rs.getString(1) : "";
        }
    }

    public static List<String> compileOptions(Connection connection) throws SQLException {
        List<String> options = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("PRAGMA compile_options")) {
            while (rs.next()) {
                options.add(rs.getString(1));
            }
        }
        return options;
    }

    public static String sqliteVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT sqlite_version()")) {
            return rs.next() ? rs.getString(1) : "";
        }
    }

    /**
     * Checks that the writer connection runs with the configured values. SQLite silently keeps the old
     * journal mode when it cannot switch (for instance to WAL on some file systems), and a benchmark
     * must not report numbers for a configuration it did not run.
     */
    public static void verify(Connection writer, StoreConfig config) throws SQLException {
        for (Setting<?> setting : Settings.of(Backend.SQLITE)) {
            if (setting.serverName().isPresent()) {
                expect(writer, setting.serverName().get(), setting.serverValueIn(config));
            }
        }
    }

    private static void expect(Connection connection, String pragma, String expected) throws SQLException {
        String actual = read(connection, pragma).toLowerCase(Locale.ROOT);
        if (!actual.equals(expected)) {
            throw new SQLException("PRAGMA " + pragma + " is '" + actual + "' but the configuration asks for '"
                    + expected + "'; SQLite refused the setting for this database file");
        }
    }
}
