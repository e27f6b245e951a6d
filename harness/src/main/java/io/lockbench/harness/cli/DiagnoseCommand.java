package io.lockbench.harness.cli;

import io.lockbench.harness.watch.DatabaseFiles;
import io.lockbench.harness.watch.Holder;
import io.lockbench.harness.watch.LockState;
import io.lockbench.harness.watch.LockTable;
import io.lockbench.store.config.InvalidConfigException;
import io.lockbench.store.config.Settings;
import io.lockbench.store.config.StoreConfig;
import io.lockbench.store.db.ConnectionProvider;
import io.lockbench.store.db.DatabaseFile;
import io.lockbench.store.db.SqliteFailures;
import io.lockbench.store.db.SqlitePragmas;
import io.lockbench.store.db.StoreBackend;
import io.lockbench.store.db.StoreUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
        name = "diagnose",
        mixinStandardHelpOptions = true,
        description = "Read back every PRAGMA, the SQLite version and compile options, the WAL size, and whether"
                + " the write lock can be taken right now. Changes nothing in the database.")
final class DiagnoseCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Option(
            names = "--lock-wait-ms",
            defaultValue = "0",
            description = "How long to wait for the write lock when testing it (default: ${DEFAULT-VALUE}).")
    int lockWaitMs;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (lockWaitMs < 0) {
            throw new ParameterException(spec.commandLine(), "--lock-wait-ms must be 0 or more but was " + lockWaitMs);
        }
        if (StoreBackend.of(store.config()).file().isEmpty()) {
            throw new InvalidConfigException(
                    Settings.BACKEND.key(),
                    "diagnose inspects a SQLite database file; on PostgreSQL, pg_stat_activity and pg_locks tell who"
                            + " blocks whom (lockbench run records them in blocking.csv)");
        }
        StoreConfig config = store.config().with(Settings.BUSY_TIMEOUT_MS, lockWaitMs);
        Path db = config.path().toAbsolutePath();
        DatabaseFile.Inspection found = DatabaseFile.inspect(db, lockWaitMs);
        if (found.kind() != DatabaseFile.Kind.LOCKBENCH) {
            throw new StoreUnavailableException(
                    found.kind() == DatabaseFile.Kind.MISSING || found.kind() == DatabaseFile.Kind.EMPTY
                            ? "no lockbench database at " + db + " (run lockbench import first)"
                            : db + " is " + found.description() + "; diagnose reads lockbench databases only",
                    null);
        }
        spec.commandLine().getOut().println("database:      " + db);
        spec.commandLine().getOut().println("file size:     " + Files.size(db) + " bytes");
        Path wal = Path.of(db + "-wal");
        spec.commandLine()
                .getOut()
                .println("wal size:      " + (Files.exists(wal) ? Files.size(wal) + " bytes" : "no WAL file"));
        try (Connection c = ConnectionProvider.openUnpooled(config.with(
                Settings.JOURNAL_MODE, DatabaseFile.journalMode(config.path().toAbsolutePath())))) {
            spec.commandLine().getOut().println("sqlite:        " + SqlitePragmas.sqliteVersion(c));
            for (Map.Entry<String, String> pragma : SqlitePragmas.readAll(c).entrySet()) {
                spec.commandLine().getOut().printf(Locale.ROOT, "%-14s %s%n", pragma.getKey() + ":", pragma.getValue());
            }
            spec.commandLine().getOut().println("write lock:    " + probeWriteLock(c, db));
            spec.commandLine()
                    .getOut()
                    .println("compile options: " + String.join(" ", SqlitePragmas.compileOptions(c)));
        } catch (SQLException e) {
            throw SqliteFailures.describe(db, lockWaitMs, e);
        }
        return LockbenchCommand.OK;
    }

    private String probeWriteLock(Connection c, Path db) {
        long started = System.nanoTime();
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            s.execute("ROLLBACK");
            return String.format(
                    Locale.ROOT, "free (taken and released in %.1f ms)", (System.nanoTime() - started) / 1e6);
        } catch (SQLException e) {
            if (SqliteFailures.isBusy(e)) {
                return "LOCKED: " + holder(db) + " holds the write lock (waited " + lockWaitMs + " ms; "
                        + SqliteFailures.resultCode(e).map(Enum::name).orElse("BUSY") + ")";
            }
            return "cannot test: " + SqliteFailures.shortMessage(e);
        }
    }

    /**
     * Who holds the write lock, from the kernel's lock table as {@code lockbench watch} reads it; on a
     * system without one, or when the holder's lock is not visible there, "another connection".
     */
    private static String holder(Path db) {
        if (!LockTable.available()) {
            return "another connection";
        }
        try {
            DatabaseFiles files = new DatabaseFiles(db);
            files.refresh();
            LockState state = LockState.of(new LockTable(LockTable.PROC_LOCKS).read(), files, files.walBytes());
            if (state.writer() < 0) {
                return "another connection (not visible in the lock table: another namespace or VFS, or it has just let go)";
            }
            return "process " + state.writer() + " ("
                    + Holder.of(state.writer()).command() + ")";
        } catch (java.io.IOException e) {
            return "another connection";
        }
    }
}
