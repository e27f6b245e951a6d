package io.lockbench.store.db;

import io.lockbench.store.config.StoreConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads PostgreSQL settings back from a live connection: what {@link SqlitePragmas} is for SQLite. */
public final class PostgresSettings {

    /** The settings the store configures or that matter for locking, in report order. */
    public static final List<String> REPORTED = List.of(
            "server_version",
            "lock_timeout",
            "statement_timeout",
            "default_transaction_isolation",
            "synchronous_commit",
            "default_transaction_read_only",
            "deadlock_timeout",
            "max_connections",
            "shared_buffers",
            "fsync",
            "wal_level",
            "max_locks_per_transaction");

    private PostgresSettings() {}

    public static Map<String, String> readAll(Connection connection) throws SQLException {
        Map<String, String> values = new LinkedHashMap<>();
        try (PreparedStatement show = connection.prepareStatement("SELECT current_setting(?)")) {
            for (String name : REPORTED) {
                show.setString(1, name);
                try (ResultSet rs = show.executeQuery()) {
                    values.put(name, rs.next() ? rs.getString(1) : "");
                }
            }
        }
        return values;
    }

    public static String serverVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT version()")) {
            return rs.next() ? rs.getString(1) : "";
        }
    }

    /**
     * Checks that a connection runs with the configured values, compared in the server's own units
     * ({@code SET lock_timeout = '1000ms'} reads back as {@code 1s}).
     */
    public static void verify(Connection connection, StoreConfig config) throws SQLException {
        Map<String, String> wanted = PostgresDataSource.sessionSettings(config, false);
        try (PreparedStatement check = connection.prepareStatement(
                "SELECT current_setting(name), setting, unit FROM pg_settings WHERE name = ?")) {
            for (Map.Entry<String, String> setting : wanted.entrySet()) {
                check.setString(1, setting.getKey());
                try (ResultSet rs = check.executeQuery()) {
                    if (!rs.next()) {
                        throw new SQLException("the server has no setting " + setting.getKey());
                    }
                    String raw = rs.getString(2);
                    String expected = setting.getValue();
                    boolean same = "ms".equals(rs.getString(3))
                            ? (raw + "ms").equals(expected)
                            : raw.equalsIgnoreCase(expected);
                    if (!same) {
                        throw new SQLException(setting.getKey() + " is '" + rs.getString(1)
                                + "' but the configuration asks for '" + expected + "'");
                    }
                }
            }
        }
    }
}
