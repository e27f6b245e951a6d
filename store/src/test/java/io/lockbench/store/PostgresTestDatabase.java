package io.lockbench.store;

import io.lockbench.store.config.Settings;
import io.lockbench.store.config.StoreConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A schema of its own on a live PostgreSQL server for each test, created before it and dropped after
 * it: {@code @RegisterExtension final PostgresTestDatabase pg = PostgresTestDatabase.perTest();}. The server is
 * {@code LOCKBENCH_PG_URL} when set, else {@code jdbc:postgresql://127.0.0.1:5432/test}. Without a
 * server the test is skipped with one line saying how to enable it; in CI ({@code CI=true}) it fails
 * instead, so the PostgreSQL tests can never be skipped silently there.
 */
public final class PostgresTestDatabase implements BeforeEachCallback, AfterEachCallback {

    public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test";

    private String serverUrl;
    private String schema;

    private PostgresTestDatabase() {}

    /** A schema for each test of the class that registers it. */
    public static PostgresTestDatabase perTest() {
        return new PostgresTestDatabase();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        serverUrl = serverUrl();
        schema = create(serverUrl);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (schema != null) {
            drop();
            schema = null;
        }
    }

    /** The server's URL, from {@code LOCKBENCH_PG_URL} or the default. */
    public static String serverUrl() {
        String url = System.getenv("LOCKBENCH_PG_URL");
        return url == null || url.isBlank() ? DEFAULT_URL : url;
    }

    /** Creates a fresh schema, or skips (fails in CI) the calling test when no server answers. */
    private static String create(String url) {
        String schema = "lockbench_test_"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE)
                        .toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            String line = "PostgreSQL tests need a server at " + url + " ("
                    + e.getMessage().lines().findFirst().orElse("")
                    + "); start one or set LOCKBENCH_PG_URL to enable them";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(line);
            }
            Assumptions.abort(line);
        }
        return schema;
    }

    public String schema() {
        return schema;
    }

    /** The URL of this test's schema. */
    public String url() {
        return serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** A PostgreSQL store configuration on this schema, with {@code key, value...} applied after. */
    public StoreConfig config(String... settings) {
        StoreConfig config = StoreConfig.defaults(Path.of("unused.db"))
                .with(Settings.BACKEND, "postgresql")
                .with(Settings.URL, url());
        for (int i = 0; i < settings.length; i += 2) {
            config = config.with(settings[i], settings[i + 1]);
        }
        return config;
    }

    /** A plain connection to this test's schema, outside any store (for holding locks, say). */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url());
    }

    private void drop() {
        try (Connection c = DriverManager.getConnection(serverUrl);
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop test schema " + schema, e);
        }
    }
}
