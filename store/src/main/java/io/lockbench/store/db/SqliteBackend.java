package io.lockbench.store.db;

import io.lockbench.store.config.JournalMode;
import io.lockbench.store.config.Setting;
import io.lockbench.store.config.Settings;
import io.lockbench.store.config.StoreConfig;
import io.lockbench.store.failure.StoreUnavailableException;
import io.lockbench.store.sql.SqliteStatements;
import io.lockbench.store.wal.WalFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;

/** A store in one SQLite file, through sqlite-jdbc. */
record SqliteBackend(StoreConfig config) implements StoreBackend {

    @Override
    public void prepare(boolean readOnly) {
        Path path = config.path().toAbsolutePath();
        if (readOnly) {
            checkReadable(path);
            return;
        }
        Path directory = path.getParent();
        if (directory != null && !Files.isDirectory(directory)) {
            throw new StoreUnavailableException(
                    "database directory " + directory + " does not exist;"
                            + " create it or choose another database path",
                    null);
        }
        DatabaseFile.Inspection found = DatabaseFile.inspect(path, config.get(Settings.BUSY_TIMEOUT_MS));
        if (found.kind() != DatabaseFile.Kind.MISSING
                && found.kind() != DatabaseFile.Kind.EMPTY
                && found.kind() != DatabaseFile.Kind.LOCKBENCH) {
            throw refused(found);
        }
        if (found.userVersion() > SchemaMigrator.LATEST_VERSION) {
            // Refused before the first connection: opening it would already switch its journal mode.
            throw newerSchema(found);
        }
        try (Connection writer = openUnpooled()) {
            SchemaMigrator.migrate(writer);
            SqlitePragmas.verify(writer, config);
        } catch (SQLException | RuntimeException e) {
            throw SqliteFailures.describe(path, config.get(Settings.BUSY_TIMEOUT_MS), e);
        }
    }

    @Override
    public void prepareOwnSchema() {
        Path path = config.path().toAbsolutePath();
        try (Connection writer = openUnpooled()) {
            SqlitePragmas.verify(writer, config);
        } catch (SQLException | RuntimeException e) {
            throw SqliteFailures.describe(path, config.get(Settings.BUSY_TIMEOUT_MS), e);
        }
    }

    @Override
    public void copyFrom(Path original) {
        Path source = original.toAbsolutePath();
        DatabaseFile.Inspection found = DatabaseFile.inspect(source, config.get(Settings.BUSY_TIMEOUT_MS));
        if (found.kind() == DatabaseFile.Kind.MISSING
                || found.kind() == DatabaseFile.Kind.NOT_A_FILE
                || found.kind() == DatabaseFile.Kind.NOT_SQLITE) {
            throw new StoreUnavailableException("cannot copy " + source + ": it is " + found.description(), null);
        }
        Path target = config.path().toAbsolutePath();
        boolean idle = DatabaseFile.idleWal(source);
        Path leftoverWal = Path.of(source + "-wal");
        if (idle && Files.exists(leftoverWal)) {
            // Committed transactions a crashed writer left in the -wal belong in the copy, but reading them in place
            // would create a -shm beside the original: the pair is copied beside the target and read there.
            copyPair(source, leftoverWal, target);
            return;
        }
        backup(source, target, true);
        if (idle && !DatabaseFile.idleWal(source)) {
            // Another process opened the original while it was read immutable (without locks): the copy may
            // mix two states, so it is taken again, under SQLite's locks.
            backup(source, target, false);
        }
    }

    private void copyPair(Path source, Path wal, Path target) {
        Path pair = target.resolveSibling(target.getFileName() + ".from");
        try {
            Files.copy(source, pair, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(wal, Path.of(pair + "-wal"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            if (DatabaseFile.walHeader(source) && Files.exists(Path.of(source + "-shm"))) {
                // Another process opened the original while its files were copied: the pair may not match.
                throw new StoreUnavailableException(
                        "cannot copy " + source + ": another process opened it while its leftover -wal was copied;"
                                + " run again",
                        null);
            }
            backup(pair, target, false);
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot copy " + source + ": " + e.getMessage(), e);
        } finally {
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                try {
                    Files.deleteIfExists(Path.of(pair + suffix));
                } catch (IOException e) {
                    // a scratch file beside the run's database goes with the run's directory
                }
            }
        }
    }

    private void backup(Path source, Path target, boolean immutableWhenIdle) {
        // Read-only, with no PRAGMA set: the original's bytes and journal mode stay as they are, and a WAL
        // original nobody has open is read immutable, so no -wal or -shm appears beside it.
        try (Connection connection =
                DatabaseFile.openReadOnly(source, config.get(Settings.BUSY_TIMEOUT_MS), immutableWhenIdle)) {
            // All pages in one step, inside one read transaction: a consistent snapshot, where small steps
            // would start over each time another process commits to the original.
            int rc = connection
                    .unwrap(SQLiteConnection.class)
                    .getDatabase()
                    .backup(
                            "main",
                            target.toString(),
                            null,
                            100,
                            Math.max(1, config.get(Settings.BUSY_TIMEOUT_MS) / 100),
                            -1);
            if (rc != 0 && rc != 101) {
                // As an SQLiteException with its code, so the failure is described as any other of SQLite's.
                SQLiteErrorCode code = SQLiteErrorCode.getErrorCode(rc);
                throw new org.sqlite.SQLiteException("the copy of " + source + " ended with " + code.name(), code);
            }
        } catch (SQLException e) {
            throw SqliteFailures.describe(source, config.get(Settings.BUSY_TIMEOUT_MS), e);
        }
    }

    @Override
    public void runScript(Connection connection, String script) throws SQLException {
        // One prepared statement per statement where SQLite ends it: a prepared statement runs its first
        // statement only, so nothing runs that the checker of the script did not see as a statement of
        // its own (sqlite3_exec of the whole text would run whatever follows a split the checker missed).
        List<SqliteStatements.Statement> statements;
        try {
            statements = SqliteStatements.split(script);
        } catch (IllegalArgumentException e) {
            throw new SQLException(e.getMessage(), e);
        }
        for (SqliteStatements.Statement statement : statements) {
            try (PreparedStatement prepared = connection.prepareStatement(statement.sql())) {
                prepared.execute();
            }
        }
    }

    private void checkReadable(Path path) {
        DatabaseFile.Inspection found = DatabaseFile.inspect(path, config.get(Settings.BUSY_TIMEOUT_MS));
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

    @Override
    public ConnectionProvider connections(boolean readOnly) {
        return readOnly ? ConnectionProvider.sqliteReadOnly(config) : ConnectionProvider.sqlite(config);
    }

    @Override
    public Connection openUnpooled() throws SQLException {
        return new SqliteDataSource(config, false, false, null).getConnection();
    }

    @Override
    public Optional<Path> file() {
        return Optional.of(config.path());
    }

    @Override
    public Optional<WalFiles> openWalFiles() {
        return Optional.of(WalFiles.open(config.path().toAbsolutePath()));
    }

    /** SQLite's locks are file locks of the processes themselves: {@code lockbench watch} reads them. */
    @Override
    public Optional<String> blockingQuery() {
        return Optional.empty();
    }

    @Override
    public Setting<Integer> lockWaitLimit() {
        return Settings.BUSY_TIMEOUT_MS;
    }

    @Override
    public boolean checkpointsInBackground() {
        return config.get(Settings.JOURNAL_MODE) == JournalMode.WAL && config.get(Settings.WAL_AUTOCHECKPOINT) != 0;
    }

    @Override
    public Map<String, Object> environment(ConnectionProvider connections) {
        Map<String, Object> env = new LinkedHashMap<>();
        Path directory = config.path().toAbsolutePath().getParent();
        try {
            env.put("file_system", Files.getFileStore(directory).type());
        } catch (IOException e) {
            env.put("file_system", "unknown (" + e.getMessage() + ")");
        }
        try (Connection c = connections.openReader()) {
            env.put("sqlite_version", SqlitePragmas.sqliteVersion(c));
            env.put("sqlite_compile_options", SqlitePragmas.compileOptions(c));
        } catch (SQLException e) {
            env.put("sqlite_version", "unknown (" + e.getMessage() + ")");
        }
        return env;
    }

    @Override
    public Scratch scratch(Path work, String runId, boolean keep) {
        // The file stays in the run's work directory either way.
        return new Scratch(
                config.with(Settings.PATH, work.resolve("lockbench.db").toString()), () -> {});
    }

    @Override
    public String location() {
        return config.path().toString();
    }

    @Override
    public HandOver handOver(String urlVariable) {
        return new HandOver(List.of("--db", config.path().toString()), Map.of());
    }

    @Override
    public StoreConfig at(String location) {
        return config.with(Settings.PATH, location);
    }
}
