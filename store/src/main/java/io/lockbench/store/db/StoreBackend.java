package io.lockbench.store.db;

import io.lockbench.store.config.InvalidConfigException;
import io.lockbench.store.config.Setting;
import io.lockbench.store.config.StoreConfig;
import io.lockbench.store.failure.StoreUnavailableException;
import io.lockbench.store.wal.WalFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.postgresql.PGConnection;
import org.sqlite.SQLiteConnection;

/**
 * Everything that differs between the stores lockbench runs on: how a database is checked and
 * migrated, its connections, its WAL (if it has one), what it says of its environment, the scratch
 * database a run works in, and how another lockbench process is told where it is. {@link #of} is the
 * one place that asks which backend a configuration names; no other code outside the implementations
 * does (ArchitectureTest checks).
 */
public sealed interface StoreBackend permits SqliteBackend, PostgresBackend {

    static StoreBackend of(StoreConfig config) {
        return switch (config.backend()) {
            case SQLITE -> new SqliteBackend(config);
            case POSTGRESQL -> new PostgresBackend(config);
        };
    }

    StoreConfig config();

    /**
     * Whether a connection is to a PostgreSQL server, for code that holds a connection and no
     * configuration (a transaction's BEGIN, a statement cache): the one place that sniffs the driver.
     */
    static boolean onPostgresql(Connection connection) throws SQLException {
        return PostgresBackend.DRIVER_PRESENT && connection.isWrapperFor(PGConnection.class);
    }

    /** The driver's own connection behind pools and tracing wrappers: the same object for the same session. */
    static Connection physical(Connection connection) throws SQLException {
        if (connection.isWrapperFor(SQLiteConnection.class)) {
            return connection.unwrap(SQLiteConnection.class);
        }
        if (onPostgresql(connection)) {
            return (Connection) connection.unwrap(PGConnection.class);
        }
        return connection;
    }

    /**
     * Makes sure the database can be used as asked before any pool opens on it. For writing: refuses a
     * database that is not lockbench's (untouched), then brings it to the newest schema and checks the
     * settings took. For reading: checks only, and changes nothing.
     *
     * @throws StoreUnavailableException with a message a person can act on
     */
    void prepare(boolean readOnly);

    /**
     * Makes sure a database that holds someone else's schema (a run's scratch database given its own
     * tables, or a copy of an application's database) can be used with this configuration: the
     * settings are applied and read back; nothing of lockbench's schema is created or required.
     *
     * @throws StoreUnavailableException with a message a person can act on
     */
    void prepareOwnSchema();

    /**
     * Makes this store's database a copy of the SQLite database {@code original}, taken with SQLite's
     * online backup in one step from a read-only connection: a consistent snapshot even while another
     * process writes to the original, which is never written to.
     *
     * @throws StoreUnavailableException when the original cannot be read or is not a SQLite database
     * @throws InvalidConfigException on a backend that keeps no database file
     */
    void copyFrom(Path original);

    /** Runs a script of several statements (DDL, triggers) on {@code connection}, in order. */
    void runScript(Connection connection, String script) throws SQLException;

    /** The connections of a prepared store. */
    ConnectionProvider connections(boolean readOnly);

    /** One writer connection outside any pool, for work that must fail fast (opening, migrating). */
    Connection openUnpooled() throws SQLException;

    /** The setting (in milliseconds) after which a statement waiting for a lock gives up. */
    Setting<Integer> lockWaitLimit();

    /** Whether a background thread should checkpoint the WAL during imports (SQLite in WAL with autocheckpoint on). */
    boolean checkpointsInBackground();

    /** The database file, where the store is one (SQLite); empty on a server. */
    Optional<Path> file();

    /** A reader of the database's WAL files, where it has them; the caller closes it. */
    Optional<WalFiles> openWalFiles();

    /**
     * A query listing who blocks whom right now, one row per waiting and blocking session (waiting
     * pid, wait event type, wait event, awaited lock, waiting query, blocking pid, blocking state,
     * blocking query), where the database can tell; empty where it cannot.
     */
    Optional<String> blockingQuery();

    /** What the database says of itself and where it runs, for a run's record (server or library version, settings). */
    Map<String, Object> environment(ConnectionProvider connections);

    /**
     * Where the data lives, as a person gave it: the database file's path, or the server URL without
     * its password.
     */
    default String location() {
        return config().location();
    }

    /**
     * A fresh database for one run: a file {@code lockbench.db} in {@code work}, or a schema of its own
     * (named after {@code runId}) on the server, which closing drops unless {@code keep}.
     */
    Scratch scratch(Path work, String runId, boolean keep);

    /** A run's database; closing it runs {@code drop} (a server's schema goes, a file stays). */
    record Scratch(StoreConfig config, Runnable drop) implements AutoCloseable {
        @Override
        public void close() {
            drop.run();
        }
    }

    /**
     * How another lockbench process started by this one is pointed at this database: its command-line
     * arguments and environment. A URL that may carry a password goes through the environment (only
     * its owner can read a process's environment; anyone its command line).
     *
     * @param urlVariable the environment variable the other process reads a URL from
     */
    HandOver handOver(String urlVariable);

    record HandOver(List<String> arguments, Map<String, String> environment) {}

    /** The configuration that opens the database another process was handed as {@code location}. */
    StoreConfig at(String location);
}
