package io.lockbench.store.db;

import io.lockbench.store.config.Settings;
import io.lockbench.store.config.StoreConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * Scratch schemas on a PostgreSQL server: what a fresh database file is for SQLite. A run works in a
 * schema of its own, named in the URL ({@code currentSchema}), and drops it when it is done.
 */
public final class PostgresSchemas {

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern CURRENT_SCHEMA = Pattern.compile("([?&])currentSchema=[^&]*");

    private PostgresSchemas() {}

    /** Creates schema {@code name} on {@code config}'s server and returns the configuration that works in it. */
    public static StoreConfig create(StoreConfig config, String name) {
        checkName(name);
        StoreConfig server = config.with(Settings.URL, withSchema(config.get(Settings.URL), null));
        try (Connection c = ConnectionProvider.openUnpooled(server);
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + name);
        } catch (SQLException e) {
            throw PostgresFailures.describe(server, e);
        }
        return config.with(Settings.URL, withSchema(config.get(Settings.URL), name));
    }

    /** Drops schema {@code name} and everything in it. */
    public static void drop(StoreConfig config, String name) {
        checkName(name);
        StoreConfig server = config.with(Settings.URL, withSchema(config.get(Settings.URL), null));
        try (Connection c = ConnectionProvider.openUnpooled(server);
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        } catch (SQLException e) {
            throw PostgresFailures.describe(server, e);
        }
    }

    /** {@code url} naming schema {@code name} as its current schema, or naming none when {@code name} is null. */
    public static String withSchema(String url, String name) {
        String without =
                CURRENT_SCHEMA.matcher(url).replaceAll("$1").replace("?&", "?").replace("&&", "&");
        if (without.endsWith("?") || without.endsWith("&")) {
            without = without.substring(0, without.length() - 1);
        }
        if (name == null) {
            return without;
        }
        return without + (without.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }

    private static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain schema name: " + name);
        }
    }
}
