package io.lockbench.harness.cli;

import io.lockbench.harness.watch.DatabaseFiles;
import io.lockbench.harness.watch.Holder;
import io.lockbench.harness.watch.LockState;
import io.lockbench.store.Database;
import io.lockbench.store.lock.LockTable;
import io.lockbench.store.lock.WriteLockByte;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
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
        description = "Read any SQLite database back, lockbench's or another application's: the PRAGMAs stored in"
                + " the file, the SQLite version and compile options, the WAL size, and whether another"
                + " connection holds the write lock (and which process). Read-only: changes no byte of it.")
final class DiagnoseCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Option(
            names = "--lock-wait-ms",
            defaultValue = "0",
            description = "How long to wait for the write lock when testing it (default: ${DEFAULT-VALUE}).")
    int lockWaitMs;

    @Option(
            names = "--json",
            description =
                    "Print one JSON document on stdout (shape: docs/commands.md, JSON output) instead of the text.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (lockWaitMs < 0) {
            throw new ParameterException(spec.commandLine(), "--lock-wait-ms must be 0 or more but was " + lockWaitMs);
        }
        Database.Diagnosis found = Database.of(store.config()).diagnose(lockWaitMs);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, JsonOutput.diagnose(found));
            return LockbenchCommand.OK;
        }
        out.println("database:      " + found.database());
        out.println("it is:         " + found.description());
        out.println("file size:     " + found.fileBytes() + " bytes");
        out.println("wal size:      "
                + (found.walBytes().isPresent() ? found.walBytes().getAsLong() + " bytes" : "no WAL file"));
        out.println("sqlite:        " + found.sqliteVersion());
        for (Map.Entry<String, String> pragma : found.pragmas().entrySet()) {
            out.printf(Locale.ROOT, "%-14s %s%n", pragma.getKey() + ":", pragma.getValue());
        }
        out.println("write lock:    " + writeLock(found.writeLock(), found.database()));
        out.println("compile options: " + String.join(" ", found.compileOptions()));
        out.println("(busy_timeout, synchronous, cache_size and the other per-connection settings belong to each"
                + " application's connections and cannot be read from the file; lockbench's own: lockbench settings)");
        return LockbenchCommand.OK;
    }

    private String writeLock(WriteLockByte.Result probe, Path db) {
        return switch (probe.state()) {
            case FREE -> String.format(Locale.ROOT, "free (tested in %.1f ms without taking it)", probe.millis());
            case LOCKED ->
                "LOCKED: " + holder(db) + " holds the write lock (waited " + lockWaitMs + " ms; " + probe.detail()
                        + ")";
            case UNKNOWN -> "cannot test: " + probe.detail();
        };
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
        } catch (IOException e) {
            return "another connection";
        }
    }
}
