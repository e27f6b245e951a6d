package io.lockbench.store.db;

import io.lockbench.store.config.InvalidConfigException;
import io.lockbench.store.config.Setting;
import io.lockbench.store.config.Settings;
import io.lockbench.store.config.StoreConfig;
import io.lockbench.store.failure.StoreUnavailableException;
import io.lockbench.store.wal.WalFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** A store in one schema of a PostgreSQL server, through the PostgreSQL JDBC driver. */
record PostgresBackend(StoreConfig config) implements StoreBackend {

    /**
     * Whether PostgreSQL's JDBC driver is on the class path: it is an optional dependency of the store,
     * so a user of SQLite alone need not ship it, and no SQLite path may touch its classes.
     */
    static final boolean DRIVER_PRESENT = driverPresent();

    private static boolean driverPresent() {
        try {
            Class.forName("org.postgresql.PGConnection", false, PostgresBackend.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Each waiting server process of this database with each process that blocks it, and what it awaits.
     * Only processes waiting on a lock are asked for their blockers: {@code pg_blocking_pids} reads the
     * whole shared lock table, holding up every lock request meanwhile, and asked for every process of
     * the database 20 times a second it slowed the workload it was watching.
     */
    private static final String BLOCKING = """
            SELECT w.pid, w.wait_event_type, w.wait_event,
                   (SELECT string_agg(l.locktype || coalesce(':' || l.relation::regclass::text, ''), ' ')
                      FROM pg_locks l WHERE l.pid = w.pid AND NOT l.granted) AS awaited,
                   w.query, b.pid, b.state, b.query
            FROM pg_stat_activity w
            CROSS JOIN LATERAL unnest(pg_blocking_pids(w.pid)) AS blocker(pid)
            JOIN pg_stat_activity b ON b.pid = blocker.pid
            WHERE w.datname = current_database() AND w.wait_event_type = 'Lock'
            ORDER BY w.pid, b.pid""";

    /** Read-only preparing migrates nothing and fails unless the schema is up to date. */
    @Override
    public void prepare(boolean readOnly) {
        requireDriver();
        try (Connection connection = openUnpooled()) {
            if (readOnly) {
                int version = SchemaMigrator.postgresqlVersion(connection);
                if (version != SchemaMigrator.LATEST_POSTGRESQL_VERSION) {
                    throw new StoreUnavailableException(
                            "no up-to-date lockbench store at " + config.location() + " (schema version " + version
                                    + ", this lockbench reads " + SchemaMigrator.LATEST_POSTGRESQL_VERSION
                                    + "); run lockbench import with the same settings first",
                            null);
                }
            } else {
                SchemaMigrator.migratePostgresql(connection);
            }
            PostgresSettings.verify(connection, config);
        } catch (SQLException | RuntimeException e) {
            if (e instanceof StoreUnavailableException unavailable) {
                throw unavailable;
            }
            throw PostgresFailures.describe(config, e);
        }
    }

    @Override
    public void prepareOwnSchema() {
        requireDriver();
        try (Connection connection = openUnpooled()) {
            PostgresSettings.verify(connection, config);
        } catch (SQLException | RuntimeException e) {
            throw PostgresFailures.describe(config, e);
        }
    }

    private static void requireDriver() {
        if (!DRIVER_PRESENT) {
            throw new StoreUnavailableException(
                    "backend postgresql needs PostgreSQL's JDBC driver (org.postgresql:postgresql) on the class"
                            + " path; add it, or use backend sqlite",
                    null);
        }
    }

    @Override
    public void copyFrom(Path original) {
        throw new InvalidConfigException(
                "from",
                "copies a SQLite database file, and this store is on PostgreSQL; load a copy of your data into the"
                        + " run's schema with store.schema and seed.sql instead");
    }

    @Override
    public void runScript(Connection connection, String script) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            // Without parameters the driver sends the text as one simple query: every statement, in order.
            statement.execute(script);
        }
    }

    @Override
    public ConnectionProvider connections(boolean readOnly) {
        return ConnectionProvider.postgresql(config, readOnly);
    }

    @Override
    public Connection openUnpooled() throws SQLException {
        return new PostgresDataSource(config, false).getConnection();
    }

    @Override
    public Setting<Integer> lockWaitLimit() {
        return Settings.LOCK_TIMEOUT_MS;
    }

    @Override
    public boolean checkpointsInBackground() {
        return false;
    }

    @Override
    public Optional<Path> file() {
        return Optional.empty();
    }

    @Override
    public Optional<WalFiles> openWalFiles() {
        return Optional.empty();
    }

    @Override
    public Optional<String> blockingQuery() {
        return Optional.of(BLOCKING);
    }

    @Override
    public Map<String, Object> environment(ConnectionProvider connections) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("backend", "postgresql");
        try (Connection c = connections.openReader()) {
            env.put("postgresql_version", PostgresSettings.serverVersion(c));
            env.put("postgresql_settings", PostgresSettings.readAll(c));
        } catch (SQLException e) {
            env.put("postgresql_version", "unknown (" + e.getMessage() + ")");
        }
        return env;
    }

    @Override
    public Scratch scratch(Path work, String runId, boolean keep) {
        String name = "lockbench_run_"
                + runId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_")
                + "_" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
        String schema = name.length() > 63 ? "lockbench_run_" + name.substring(name.length() - 40) : name;
        StoreConfig inSchema = PostgresSchemas.create(config, schema);
        return new Scratch(inSchema, () -> {
            if (!keep) {
                PostgresSchemas.drop(inSchema, schema);
            }
        });
    }

    @Override
    public HandOver handOver(String urlVariable) {
        return new HandOver(List.of(), Map.of(urlVariable, config.get(Settings.URL)));
    }

    @Override
    public StoreConfig at(String location) {
        return config.with(Settings.URL, location);
    }
}
