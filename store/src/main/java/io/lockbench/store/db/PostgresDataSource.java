package io.lockbench.store.db;

import io.lockbench.store.config.Backend;
import io.lockbench.store.config.Setting;
import io.lockbench.store.config.Settings;
import io.lockbench.store.config.StoreConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Opens one PostgreSQL connection per call with the store's settings applied to the session
 * ({@code set_config}, with bound values, never pasted into SQL). User and password come from the URL,
 * else from {@code PGUSER} and {@code PGPASSWORD}, as libpq's tools take them.
 */
final class PostgresDataSource extends DelegatingDataSource {

    private final Map<String, String> settings;

    /**
     * @param readOnly every transaction of these connections is read-only ({@code default_transaction_read_only})
     */
    PostgresDataSource(StoreConfig config, boolean readOnly) {
        super(driver(config));
        this.settings = sessionSettings(config, readOnly);
    }

    private static PGSimpleDataSource driver(StoreConfig config) {
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setUrl(config.get(Settings.URL));
        if (!config.get(Settings.URL).contains("user=") && System.getenv("PGUSER") != null) {
            pg.setUser(System.getenv("PGUSER"));
        }
        if (!config.get(Settings.URL).contains("password=") && System.getenv("PGPASSWORD") != null) {
            pg.setPassword(System.getenv("PGPASSWORD"));
        }
        pg.setApplicationName("lockbench");
        // A server that does not answer must not hang a run: fail the connection attempt and say so.
        pg.setConnectTimeout(10);
        return pg;
    }

    /** The session settings of every connection, by PostgreSQL parameter name, as {@code SHOW} reads them back. */
    static Map<String, String> sessionSettings(StoreConfig config, boolean readOnly) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (Setting<?> setting : Settings.of(Backend.POSTGRESQL)) {
            if (setting.serverName().isPresent()) {
                settings.put(setting.serverName().get(), setting.serverValueIn(config));
            }
        }
        settings.put("default_transaction_read_only", readOnly ? "on" : "off");
        return settings;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection connection = delegate.getConnection();
        try (PreparedStatement set = connection.prepareStatement("SELECT set_config(?, ?, false)")) {
            for (Map.Entry<String, String> setting : settings.entrySet()) {
                set.setString(1, setting.getKey());
                set.setString(2, setting.getValue());
                set.execute();
            }
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }
}
