package io.lockbench.store;

import io.lockbench.store.access.ReadListener;
import io.lockbench.store.access.ReadRequest;
import io.lockbench.store.access.SqlWork;
import io.lockbench.store.access.Writer;
import io.lockbench.store.config.Settings;
import io.lockbench.store.config.StoreConfig;
import io.lockbench.store.config.TransactionMode;
import io.lockbench.store.db.ConnectionProvider;
import io.lockbench.store.db.ReadRequests;
import io.lockbench.store.db.StoreBackend;
import io.lockbench.store.db.Transactions;
import io.lockbench.store.failure.StoreUnavailableException;
import io.lockbench.store.importer.SessionImporter;
import io.lockbench.store.lock.LockTrace;
import io.lockbench.store.lock.LockWaitSampling;
import io.lockbench.store.query.SessionQueries;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open store: connections per the configured strategy, the schema migrated, the PRAGMAs checked.
 * One instance per database file and process; it is thread-safe.
 */
public final class SessionStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SessionStore.class);

    private final StoreConfig config;
    private final StoreBackend backend;
    private final ConnectionProvider connections;
    private final ReadRequests reads;
    private final SessionQueries queries;

    private SessionStore(StoreBackend backend, ConnectionProvider connections, ReadListener listener) {
        this.config = backend.config();
        this.backend = backend;
        this.connections = connections;
        this.reads = new ReadRequests(connections, config.get(Settings.READ_PATH), listener);
        this.queries = new SessionQueries(reads);
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
        StoreBackend backend = StoreBackend.of(config);
        backend.prepare(false);
        ConnectionProvider connections = backend.connections(false);
        LOG.debug("opened {} with {}", backend.location(), config.toMap());
        return new SessionStore(backend, connections, listener);
    }

    /**
     * Opens the database of {@code config} for tables of one's own: its settings are applied and read
     * back, but lockbench's schema is neither created nor required, so the store's importer and queries
     * do not work on it; {@link #write}, {@link #withWriter}, {@link #read}, {@link #readTransaction}
     * and {@link #runScript} do.
     *
     * @throws StoreUnavailableException with a message a person can act on when the database cannot be used
     */
    public static SessionStore openOwnSchema(StoreConfig config) {
        StoreBackend backend = StoreBackend.of(config);
        backend.prepareOwnSchema();
        return new SessionStore(backend, backend.connections(false), ReadListener.NONE);
    }

    /**
     * Opens an existing lockbench database for reading only: every connection is opened read-only,
     * nothing is migrated or created, no PRAGMA that persists in the file is set. For commands that
     * only look.
     *
     * @throws StoreUnavailableException when there is no lockbench database at the path, or another file
     */
    public static SessionStore openReadOnly(StoreConfig config) {
        StoreBackend backend = StoreBackend.of(config);
        backend.prepare(true);
        return new SessionStore(backend, backend.connections(true), ReadListener.NONE);
    }

    public StoreConfig config() {
        return config;
    }

    /** The pools themselves, for the store's own tests; everything else goes through the methods below. */
    ConnectionProvider connections() {
        return connections;
    }

    /** Where the store lives, and what can be done there: its WAL, scratch databases, hand-over, diagnosis. */
    public Database database() {
        return Database.of(backend);
    }

    /**
     * Runs {@code work} in one write transaction on the store's writer path, begun as configured, with
     * its lock waits and hold charged to the thread's {@link LockTrace}. For work on tables of one's
     * own beside the store's: a workload, a baseline.
     */
    public <T> T write(SqlWork<T> work) throws SQLException {
        return withWriter(writer -> writer.transaction(work));
    }

    /**
     * Holds the writer connection for {@code session}, which runs any number of write transactions on
     * it, as an application that keeps its connection between transactions does.
     */
    public <T> T withWriter(Writer.Session<T> session) throws SQLException {
        try (Connection connection = connections.openWriter()) {
            return session.run(new Writer() {
                @Override
                public <R> R transaction(SqlWork<R> work) throws SQLException {
                    return Transactions.write(connection, config, work);
                }

                @Override
                public <R> R transaction(TransactionMode mode, SqlWork<R> work) throws SQLException {
                    return Transactions.write(connection, mode, work);
                }
            });
        }
    }

    /**
     * Runs {@code work} in one read transaction on a reader connection: one snapshot, and a write in it
     * fails (SQLite's readers are {@code query_only}, PostgreSQL's {@code default_transaction_read_only}).
     */
    public <T> T readTransaction(SqlWork<T> work) throws SQLException {
        try (Connection connection = connections.openReader()) {
            return Transactions.read(connection, work);
        }
    }

    /**
     * Runs a script of several statements (a schema: tables, indexes, triggers) in one write transaction.
     */
    public void runScript(String script) throws SQLException {
        write(c -> {
            backend.runScript(c, script);
            return null;
        });
    }

    /** Runs the queries of one read request along the configured {@code read_path}. */
    public <T> T read(ReadRequest<T> request) {
        return reads.run(request);
    }

    /** What the database says of itself and where it runs (server or library version, settings, file system). */
    public Map<String, Object> environment() {
        return backend.environment(connections);
    }

    /** On PostgreSQL, whether lock waits are being sampled and how often the sampler reconnected; empty elsewhere. */
    public Optional<LockWaitSampling> lockWaitSampling() {
        return connections.lockWaitSampling();
    }

    public SessionImporter importer() {
        return new SessionImporter(connections, config);
    }

    /**
     * Starts measuring one operation on this thread: lock waits, busy retries, write-lock hold and
     * the error it ends with, per phase. Close the trace when the operation is over.
     */
    public LockTrace trace(String operation) {
        return LockTrace.start(operation, config.get(Settings.LOCK_WAIT_WARN_MS));
    }

    public SessionQueries queries() {
        return queries;
    }

    @Override
    public void close() {
        connections.close();
    }
}
