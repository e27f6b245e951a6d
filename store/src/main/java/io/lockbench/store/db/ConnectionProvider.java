package io.lockbench.store.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.lockbench.store.config.ConnectionStrategy;
import io.lockbench.store.config.Settings;
import io.lockbench.store.config.StoreConfig;
import io.lockbench.store.failure.StoreUnavailableException;
import io.lockbench.store.lock.LockProbe;
import io.lockbench.store.lock.LockWaitSampling;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The writer and reader data sources for one {@link io.lockbench.store.config.ConnectionStrategy}.
 *
 * <ul>
 *   <li>{@code per-call}: every {@code getConnection()} opens a new SQLite connection (the
 *       connection churn of the "before" post-mortem);</li>
 *   <li>{@code pooled}: one Hikari pool serves reads and writes;</li>
 *   <li>{@code split}: a single-connection writer pool, taken in arrival order through a
 *       {@link FairWriterGate}, beside a {@code query_only} reader pool.</li>
 * </ul>
 * Pools stay in auto-commit: transactions are opened explicitly, because sqlite-jdbc begins a new
 * transaction as soon as auto-commit is switched off and would keep an IMMEDIATE lock while idle.
 */
public final class ConnectionProvider implements AutoCloseable {

    private final DataSource writer;
    private final DataSource reader;
    private final LockProbe probe;
    private final AutoCloseable[] owned;

    private ConnectionProvider(DataSource writer, DataSource reader, LockProbe probe, AutoCloseable... owned) {
        this.writer = new TracedDataSource(writer);
        this.reader = new TracedDataSource(reader);
        this.probe = probe;
        this.owned = owned;
    }

    /** The PostgreSQL lock-wait sampler's state; empty on SQLite, where waits are measured in the busy handler. */
    public Optional<LockWaitSampling> lockWaitSampling() {
        for (AutoCloseable closeable : owned) {
            if (closeable instanceof PostgresLockWaits waits) {
                return Optional.of(waits.status());
            }
        }
        return Optional.empty();
    }

    /** The connections {@code config} asks for, on its backend; the database must be prepared first. */
    public static ConnectionProvider create(StoreConfig config) {
        return StoreBackend.of(config).connections(false);
    }

    static ConnectionProvider sqlite(StoreConfig config) {
        LockProbe probe = LockProbe.forConfig(config);
        return switch (config.get(Settings.CONNECTION_STRATEGY)) {
            case PER_CALL ->
                new ConnectionProvider(
                        new SqliteDataSource(config, false, false, probe),
                        new SqliteDataSource(config, true, false, probe),
                        probe);
            case POOLED -> {
                HikariDataSource pool = pool(
                        config,
                        "lockbench-pool",
                        new SqliteDataSource(config, false, false, probe),
                        config.get(Settings.READER_POOL_SIZE) + 1);
                yield new ConnectionProvider(pool, pool, probe, pool);
            }
            case SPLIT -> {
                HikariDataSource writerPool =
                        pool(config, "lockbench-writer", new SqliteDataSource(config, false, false, probe), 1);
                HikariDataSource readerPool;
                try {
                    readerPool = pool(
                            config,
                            "lockbench-reader",
                            new SqliteDataSource(config, true, false, probe),
                            config.get(Settings.READER_POOL_SIZE));
                } catch (RuntimeException e) {
                    writerPool.close();
                    throw e;
                }
                yield new ConnectionProvider(
                        new FairWriterGate(writerPool, config.get(Settings.BUSY_TIMEOUT_MS)),
                        readerPool,
                        probe,
                        readerPool,
                        writerPool);
            }
        };
    }

    /**
     * Connections that can only read: opened read-only, in one pool that serves both paths (the
     * {@code plain} read path reads on the "writer" side). Nothing they do can change the file.
     */
    static ConnectionProvider sqliteReadOnly(StoreConfig config) {
        LockProbe probe = LockProbe.forConfig(config);
        HikariDataSource pool = pool(
                config,
                "lockbench-read-only",
                new SqliteDataSource(config, true, true, probe),
                config.get(Settings.READER_POOL_SIZE) + 1,
                true);
        return new ConnectionProvider(pool, pool, probe, pool);
    }

    /**
     * PostgreSQL: one pool of {@code pool_size} connections serves reads and writes (or, per-call, a new
     * connection each time), and a sampler of lock waits runs on a connection of its own.
     */
    static ConnectionProvider postgresql(StoreConfig config, boolean readOnly) {
        PostgresDataSource source = new PostgresDataSource(config, readOnly);
        PostgresLockWaits waits;
        try {
            waits = PostgresLockWaits.start(new PostgresDataSource(config, true));
        } catch (SQLException e) {
            throw new StoreUnavailableException(
                    "cannot connect to PostgreSQL at " + config.location() + ": " + PostgresFailures.shortMessage(e),
                    e);
        }
        if (config.get(Settings.CONNECTION_STRATEGY) == ConnectionStrategy.PER_CALL) {
            return new ConnectionProvider(source, source, null, waits);
        }
        HikariConfig hikari = new HikariConfig();
        hikari.setReadOnly(readOnly);
        hikari.setPoolName(readOnly ? "lockbench-pg-read-only" : "lockbench-pg");
        hikari.setDataSource(source);
        hikari.setMaximumPoolSize(config.get(Settings.POOL_SIZE));
        hikari.setMinimumIdle(1);
        hikari.setAutoCommit(true);
        // A thread waiting for a pooled connection waits as long as a statement may wait for a lock.
        hikari.setConnectionTimeout(Math.max(
                250, config.get(Settings.LOCK_TIMEOUT_MS) > 0 ? config.get(Settings.LOCK_TIMEOUT_MS) : 30_000));
        hikari.setInitializationFailTimeout(-1);
        HikariDataSource pool = new HikariDataSource(hikari);
        return new ConnectionProvider(pool, pool, null, pool, waits);
    }

    private static HikariDataSource pool(StoreConfig config, String name, DataSource source, int size) {
        return pool(config, name, source, size, false);
    }

    private static HikariDataSource pool(
            StoreConfig config, String name, DataSource source, int size, boolean readOnly) {
        HikariConfig hikari = new HikariConfig();
        // Must match how the connections were opened, or Hikari's setReadOnly on them fails.
        hikari.setReadOnly(readOnly);
        hikari.setPoolName(name);
        hikari.setDataSource(source);
        hikari.setMaximumPoolSize(size);
        // Closing the last connection of a WAL database checkpoints and deletes the WAL; keep one open.
        hikari.setMinimumIdle(1);
        hikari.setAutoCommit(true);
        // A thread waiting for the single writer connection is waiting for the write lock: give it the
        // same patience SQLite would. HikariCP refuses a connection timeout under 250 ms, so a shorter
        // busy_timeout_ms is not raised here but enforced exactly by the fair gate in front of the writer
        // pool; readers never wait for the writer's lock, only for a free pooled connection.
        hikari.setConnectionTimeout(Math.max(250, config.get(Settings.BUSY_TIMEOUT_MS)));
        hikari.setInitializationFailTimeout(-1);
        return new HikariDataSource(hikari);
    }

    /**
     * One writer connection outside any pool, for work that must fail fast (opening, migrating): a pool
     * would keep retrying a broken file until its connection timeout.
     */
    public static Connection openUnpooled(StoreConfig config) throws SQLException {
        return StoreBackend.of(config).openUnpooled();
    }

    /**
     * The probe on every connection of this provider, or {@code null} with {@code busy_handler=builtin}.
     */
    public LockProbe probe() {
        return probe;
    }

    /** Where write transactions get their connection. */
    public DataSource writer() {
        return writer;
    }

    /** Where read requests get their connection ({@code query_only} under the split strategy). */
    public DataSource reader() {
        return reader;
    }

    public Connection openWriter() throws SQLException {
        return writer.getConnection();
    }

    public Connection openReader() throws SQLException {
        return reader.getConnection();
    }

    @Override
    public void close() {
        for (AutoCloseable closeable : owned) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // closing is best effort; every pool gets its turn
            }
        }
    }
}
