package io.lockbench.store;

import io.lockbench.store.catalog.Catalog;
import io.lockbench.store.config.StoreConfig;
import io.lockbench.store.db.ConnectionProvider;
import io.lockbench.store.db.DatabaseFile;
import io.lockbench.store.db.PostgresFailures;
import io.lockbench.store.db.PostgresSettings;
import io.lockbench.store.db.Pragmas;
import io.lockbench.store.db.ReadListener;
import io.lockbench.store.db.ReadRequests;
import io.lockbench.store.db.SchemaMigrator;
import io.lockbench.store.db.SqliteFailures;
import io.lockbench.store.db.StoreUnavailableException;
import io.lockbench.store.lock.LockTrace;
import io.lockbench.store.sessions.SessionImporter;
import io.lockbench.store.sessions.SessionQueries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open store: connections per the configured strategy, the schema migrated, the PRAGMAs checked.
 * One instance per database file and process; it is thread-safe.
 */
public final class SessionStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SessionStore.class);

    private final StoreConfig config;
    private final ConnectionProvider connections;
    private final SessionQueries queries;
    private final Catalog catalog;

    private SessionStore(StoreConfig config, ConnectionProvider connections, ReadListener listener) {
        this.config = config;
        this.connections = connections;
        ReadRequests reads = new ReadRequests(connections, config.readPath(), listener);
        this.queries = new SessionQueries(reads);
        this.catalog = new Catalog(connections, config, reads);
    }

    /**
     * Opens (creating if needed) the database of {@code config}.
     *
     * @throws StoreUnavailableException with a message a person can act on when the file cannot be used
     */
    public static SessionStore open(StoreConfig config) {
        return open(config, ReadListener.NONE);
    }

    /**
     * Opens the database of {@code config}, telling {@code listener} about every query of every read
     * request as it completes.
     *
     * @throws StoreUnavailableException with a message a person can act on when the file cannot be used
     */
    public static SessionStore open(StoreConfig config, ReadListener listener) {
        if (config.postgresql()) {
            return openPostgresql(config, listener, false);
        }
        Path path = config.path().toAbsolutePath();
        Path directory = path.getParent();
        if (directory != null && !Files.isDirectory(directory)) {
            throw new StoreUnavailableException(
                    "database directory " + directory + " does not exist;"
                            + " create it or choose another database path",
                    null);
        }
        DatabaseFile.Inspection found = DatabaseFile.inspect(path, config.busyTimeoutMs());
        if (found.kind() != DatabaseFile.Kind.MISSING
                && found.kind() != DatabaseFile.Kind.EMPTY
                && found.kind() != DatabaseFile.Kind.LOCKBENCH) {
            throw refused(found);
        }
        if (found.userVersion() > SchemaMigrator.LATEST_VERSION) {
            // Refused before the first connection: opening it would already switch its journal mode.
            throw newerSchema(found);
        }
        try (Connection writer = ConnectionProvider.openUnpooled(config)) {
            SchemaMigrator.migrate(writer);
            Pragmas.verify(writer, config);
        } catch (SQLException | RuntimeException e) {
            throw SqliteFailures.describe(path, config.busyTimeoutMs(), e);
        }
        ConnectionProvider connections = ConnectionProvider.create(config);
        LOG.debug("opened {} with {}", path, config.toMap());
        return new SessionStore(config, connections, listener);
    }

    /**
     * Opens an existing lockbench database for reading only: every connection is opened read-only,
     * nothing is migrated or created, no PRAGMA that persists in the file is set. For commands that
     * only look.
     *
     * @throws StoreUnavailableException when there is no lockbench database at the path, or another file
     */
    public static SessionStore openReadOnly(StoreConfig config) {
        if (config.postgresql()) {
            return openPostgresql(config, ReadListener.NONE, true);
        }
        Path path = config.path().toAbsolutePath();
        DatabaseFile.Inspection found = DatabaseFile.inspect(path, config.busyTimeoutMs());
        switch (found.kind()) {
            case MISSING, EMPTY ->
                throw new StoreUnavailableException(
                        "no lockbench database at " + path + " (run lockbench import first)", null);
            case LOCKBENCH -> {
                if (found.userVersion() < SchemaMigrator.LATEST_VERSION) {
                    throw new StoreUnavailableException(
                            "database " + path + " has schema version " + found.userVersion()
                                    + " from an older lockbench (this one reads " + SchemaMigrator.LATEST_VERSION
                                    + "); run lockbench import once to upgrade it",
                            null);
                }
                if (found.userVersion() > SchemaMigrator.LATEST_VERSION) {
                    throw newerSchema(found);
                }
            }
            default -> throw refused(found);
        }
        ConnectionProvider connections = ConnectionProvider.readOnly(config);
        return new SessionStore(config, connections, ReadListener.NONE);
    }

    /**
     * A store on a PostgreSQL server, in the schema the URL names ({@code currentSchema}), else the first
     * of the search path. Read-only opening migrates nothing and fails unless the schema is up to date.
     */
    private static SessionStore openPostgresql(StoreConfig config, ReadListener listener, boolean readOnly) {
        try (Connection connection = ConnectionProvider.openUnpooled(config)) {
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
                SchemaMigrator.migrate(connection);
            }
            PostgresSettings.verify(connection, config);
        } catch (SQLException | RuntimeException e) {
            if (e instanceof StoreUnavailableException unavailable) {
                throw unavailable;
            }
            throw PostgresFailures.describe(config, e);
        }
        ConnectionProvider connections =
                readOnly ? ConnectionProvider.readOnly(config) : ConnectionProvider.create(config);
        LOG.debug("opened {} with {}", config.location(), config.toMap());
        return new SessionStore(config, connections, listener);
    }

    private static StoreUnavailableException newerSchema(DatabaseFile.Inspection found) {
        return new StoreUnavailableException(
                "database " + found.path() + " has schema version " + found.userVersion()
                        + ", newer than this lockbench (" + SchemaMigrator.LATEST_VERSION
                        + "); lockbench leaves it untouched: use a newer lockbench or another database file",
                null);
    }

    private static StoreUnavailableException refused(DatabaseFile.Inspection found) {
        String where = found.path().toString();
        return switch (found.kind()) {
            case NOT_A_FILE ->
                new StoreUnavailableException(
                        "database path " + where + " is " + found.description() + "; give the path of a database file",
                        null);
            case NOT_SQLITE ->
                new StoreUnavailableException(
                        "database " + where + " is not a SQLite database or is corrupt;"
                                + " move it aside and import again, or point --db at another file",
                        null);
            default ->
                new StoreUnavailableException(
                        where + " is " + found.description()
                                + "; lockbench leaves it untouched: point --db at a lockbench database or a new file",
                        null);
        };
    }

    public StoreConfig config() {
        return config;
    }

    public ConnectionProvider connections() {
        return connections;
    }

    public SessionImporter importer() {
        return new SessionImporter(connections, config);
    }

    /**
     * Starts measuring one operation on this thread: lock waits, busy retries, write-lock hold and
     * the error it ends with, per phase. Close the trace when the operation is over.
     */
    public LockTrace trace(String operation) {
        return LockTrace.start(operation, config.lockWaitWarnMs());
    }

    /** The artifact catalog and workflow executions kept in the same database. */
    public Catalog catalog() {
        return catalog;
    }

    public SessionQueries queries() {
        return queries;
    }

    @Override
    public void close() {
        connections.close();
    }
}
