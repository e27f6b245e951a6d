package io.lockbench.store;

import io.lockbench.store.config.InvalidConfigException;
import io.lockbench.store.config.Setting;
import io.lockbench.store.config.Settings;
import io.lockbench.store.config.StoreConfig;
import io.lockbench.store.db.ConnectionProvider;
import io.lockbench.store.db.DatabaseFile;
import io.lockbench.store.db.SqliteFailures;
import io.lockbench.store.db.SqlitePragmas;
import io.lockbench.store.db.StoreBackend;
import io.lockbench.store.failure.StoreUnavailableException;
import io.lockbench.store.lock.WriteLockByte;
import io.lockbench.store.wal.WalFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where a store lives, and what can be done there besides keeping sessions: find its file, read its
 * WAL, watch who blocks whom, make a scratch database for a run, hand it to another process, diagnose
 * it. Whatever differs between SQLite and PostgreSQL is decided here, from the configuration, so a
 * caller never asks which backend it is on.
 */
public final class Database {

    private final StoreBackend backend;

    private Database(StoreBackend backend) {
        this.backend = backend;
    }

    /** The database {@code config} names; nothing is opened. */
    public static Database of(StoreConfig config) {
        return new Database(StoreBackend.of(config));
    }

    static Database of(StoreBackend backend) {
        return new Database(backend);
    }

    public StoreConfig config() {
        return backend.config();
    }

    /** The database file, where the store is one (SQLite); empty on a server. */
    public Optional<Path> file() {
        return backend.file();
    }

    /** Where the data lives, as a person gave it: the file's path, or the server URL without its password. */
    public String location() {
        return backend.location();
    }

    /** The setting (in milliseconds) after which a statement waiting for a lock gives up. */
    public Setting<Integer> lockWaitLimit() {
        return backend.lockWaitLimit();
    }

    /** A reader of the database's WAL files, where it has them; the caller closes it. */
    public Optional<WalFiles> openWalFiles() {
        return backend.openWalFiles();
    }

    /**
     * A query listing who blocks whom right now (see {@link StoreBackend#blockingQuery()}), where the
     * database can tell.
     */
    public Optional<String> blockingQuery() {
        return backend.blockingQuery();
    }

    /** A connection of its own, outside every pool, for a monitor that polls the database; the caller closes it. */
    public Connection openMonitorConnection() throws SQLException {
        return ConnectionProvider.openUnpooled(backend.config());
    }

    /**
     * A fresh database for one run: a file {@code lockbench.db} in {@code work}, or a schema of its own
     * (named after {@code runId}) on the server, which closing drops unless {@code keep}.
     */
    public Scratch scratch(Path work, String runId, boolean keep) {
        StoreBackend.Scratch scratch = backend.scratch(work, runId, keep);
        return new Scratch(scratch.config(), scratch.drop());
    }

    /** A run's database; closing it runs {@code drop} (a server's schema goes, a file stays). */
    public record Scratch(StoreConfig config, Runnable drop) implements AutoCloseable {
        @Override
        public void close() {
            drop.run();
        }
    }

    /**
     * How another lockbench process started by this one is pointed at this database: its command-line
     * arguments and environment. A URL that may carry a password goes through the environment.
     *
     * @param urlVariable the environment variable the other process reads a URL from
     */
    public HandOver handOver(String urlVariable) {
        StoreBackend.HandOver handOver = backend.handOver(urlVariable);
        return new HandOver(handOver.arguments(), handOver.environment());
    }

    /** Command-line arguments and environment variables that point another process at a database. */
    public record HandOver(List<String> arguments, Map<String, String> environment) {}

    /** The configuration that opens the database another process was handed as {@code location}. */
    public StoreConfig at(String location) {
        return backend.at(location);
    }

    /**
     * Makes this database a consistent copy of the SQLite database {@code original} (online backup from
     * a read-only connection; the original is never written to). For a run that starts from an
     * application's data.
     */
    public void copyFrom(Path original) {
        backend.copyFrom(original);
    }

    /**
     * Reads any SQLite database back without changing a byte of it, lockbench's or another
     * application's: what the file is, the PRAGMAs stored in it, the SQLite version and compile options,
     * file and WAL sizes, and whether another connection holds the write lock (waiting up to
     * {@code lockWaitMs} for it to be let go). Everything is read through a read-only connection that
     * sets no PRAGMA, and the lock is tested on its byte ({@link WriteLockByte}) after that connection
     * is closed.
     *
     * @throws InvalidConfigException on a server, which has no file to read
     * @throws StoreUnavailableException when there is no SQLite database at the path, or it cannot be read
     */
    public Diagnosis diagnose(int lockWaitMs) throws IOException {
        Path db = backend.file()
                .orElseThrow(() -> new InvalidConfigException(
                        Settings.BACKEND.key(),
                        "diagnose inspects a SQLite database file; on PostgreSQL, pg_stat_activity and pg_locks"
                                + " tell who blocks whom (lockbench run records them in blocking.csv)"))
                .toAbsolutePath();
        DatabaseFile.Inspection found = DatabaseFile.inspect(db, lockWaitMs);
        switch (found.kind()) {
            case MISSING -> throw new StoreUnavailableException("no database at " + db, null);
            case NOT_SQLITE, NOT_A_FILE ->
                throw new StoreUnavailableException(
                        db + " is " + found.description() + "; diagnose reads SQLite database files", null);
            case EMPTY, LOCKBENCH, FOREIGN -> {}
        }
        if (Files.size(db) == 0) {
            throw new StoreUnavailableException(db + " is an empty file: SQLite has written nothing to it yet", null);
        }
        Path wal = Path.of(db + "-wal");
        OptionalLong walBytes = Files.exists(wal) ? OptionalLong.of(Files.size(wal)) : OptionalLong.empty();
        String version;
        Map<String, String> pragmas;
        List<String> compileOptions;
        try (Connection c = DatabaseFile.openReadOnly(db, lockWaitMs)) {
            version = SqlitePragmas.sqliteVersion(c);
            pragmas = SqlitePragmas.readStoredInFile(c);
            if (DatabaseFile.walHeader(db)) {
                pragmas.put("journal_mode", "wal"); // as the header says, also when read without the WAL
            }
            compileOptions = SqlitePragmas.compileOptions(c);
        } catch (SQLException e) {
            throw SqliteFailures.describe(db, lockWaitMs, e);
        }
        return new Diagnosis(
                db,
                found.description(),
                Files.size(db),
                walBytes,
                version,
                pragmas,
                WriteLockByte.test(db, pragmas.get("journal_mode"), lockWaitMs),
                compileOptions);
    }

    /** What {@link #diagnose} read back; {@code pragmas} are those stored in the file. */
    public record Diagnosis(
            Path database,
            String description,
            long fileBytes,
            OptionalLong walBytes,
            String sqliteVersion,
            Map<String, String> pragmas,
            WriteLockByte.Result writeLock,
            List<String> compileOptions) {}
}
