package io.lockbench.harness.cli;

import io.lockbench.harness.record.BusyLines;
import io.lockbench.harness.record.EventsLibrary;
import io.lockbench.harness.record.LockFigures;
import io.lockbench.harness.record.RecordSummary;
import io.lockbench.harness.record.Recorder;
import io.lockbench.harness.scenario.Durations;
import io.lockbench.harness.text.MarkdownTable;
import io.lockbench.harness.text.Visible;
import io.lockbench.harness.watch.WatchReport;
import io.lockbench.store.config.InvalidConfigException;
import io.lockbench.store.lock.LockTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "record",
        mixinStandardHelpOptions = true,
        description = {
            "Runs your command (tests, a load script, a server and its client; any language) and records what"
                    + " it did to its SQLite databases from inside each of its processes (an LD_PRELOAD library built"
                    + " with the system's C compiler on first use): every write-lock hold, one per transaction, every"
                    + " wait, every SQLITE_BUSY by its result code, the statement that began each transaction and"
                    + " who held the lock when others waited or gave up. Where the library cannot load (static or"
                    + " setuid programs, no C compiler, --no-events) holds are sampled from the kernel's lock table"
                    + " and every figure says so. Writes a directory that `lockbench report` reads.",
            "Exits with the command's exit status when the command failed; 2 for a usage error of record's own,"
                    + " 1 when the recording could not be made, or measured nothing although the database changed"
                    + " or never existed."
        })
final class RecordCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--db",
            paramLabel = "PATH",
            required = true,
            description = "A SQLite database the command uses (repeat for several); it may not exist yet.")
    List<Path> databases;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Where the recording goes (default: results/record-<time>).")
    Path out;

    @Option(
            names = "--force",
            description = "Replace an earlier recording in --out (never a directory lockbench did not write).")
    boolean force;

    @Option(
            names = "--busy-pattern",
            paramLabel = "REGEX",
            description =
                    "Output lines that count as the command meeting a locked database (default: ${DEFAULT-VALUE}).",
            defaultValue = BusyLines.DEFAULT_PATTERN)
    String busyPattern;

    @Option(
            names = "--no-events",
            description = "Sample the kernel's lock table only, without the lock-event library: holds shorter than"
                    + " a sample are missed and back-to-back ones merged; no waits, codes or statements.")
    boolean noEvents;

    @Option(
            names = "--waits",
            hidden = true,
            description = "Accepted for scripts written before lock events were recorded by default.")
    boolean waits;

    @Option(
            names = "--interval",
            paramLabel = "DURATION",
            defaultValue = "1ms",
            converter = DurationConverter.class,
            description = "Time between samples of the lock table (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Parameters(paramLabel = "CMD", arity = "1..*", description = "The command and its arguments, after --.")
    List<String> command;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (!LockTable.available()) {
            throw new InvalidConfigException(
                    "record",
                    "needs Linux's lock table (/proc/locks); this system (" + System.getProperty("os.name")
                            + ") does not have one");
        }
        if (interval.toNanos() < 100_000) {
            throw new InvalidConfigException(
                    "interval", "must be at least 100us but was " + Durations.format(interval));
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(busyPattern);
        } catch (PatternSyntaxException e) {
            throw new InvalidConfigException(
                    "busy-pattern", "is not a regular expression: " + e.getDescription() + " at index " + e.getIndex());
        }
        for (Path database : databases) {
            if (database.toString().isBlank()) {
                throw new InvalidConfigException("db", "is empty; give the SQLite database file the command uses");
            }
            if (Files.isDirectory(database)) {
                throw new InvalidConfigException("db", database + " is a directory; give the SQLite database file");
            }
            if (Files.exists(database)) {
                WatchCommand.checkDatabase(database);
            }
        }
        Path dir = out != null
                ? out
                : Path.of("results")
                        .resolve(OutputDirectory.freshName(
                                Path.of("results"),
                                "record-"
                                        + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                                                .format(ZonedDateTime.now(ZoneOffset.UTC))));
        boolean created = OutputDirectory.claim("out", dir, "record", "record.json", force);
        Path library = null;
        String eventsProblem = "--no-events";
        if (!noEvents) {
            EventsLibrary.Build build = EventsLibrary.build(EventsLibrary.defaultCache());
            library = build.library().orElse(null);
            eventsProblem = build.problem();
            if (library == null) {
                err.println("lockbench record: lock events are not recorded (" + eventsProblem
                        + "); sampling holds from the lock table only");
                err.flush();
            }
        }
        Recorder recorder =
                new Recorder(new Recorder.Options(databases, dir, pattern, interval, command, library, eventsProblem));
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            recorder.interrupt();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        RecordSummary summary;
        try {
            summary = recorder.record();
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("Cannot run program")) {
                OutputDirectory.abandon(dir, created);
                throw new InvalidConfigException(
                        "CMD", "cannot start " + Recorder.shown(command) + ": " + rootMessage(e));
            }
            throw e;
        } finally {
            done.countDown();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // a signal arrived: the hook is running and the recording is written
        }
        printSummary(err, summary, dir);
        if (summary.exitCode() != 0) {
            err.println("lockbench record: " + Visible.of(Recorder.shown(command), 120) + " exited with "
                    + summary.exitCode());
            err.flush();
            return summary.exitCode();
        }
        if (!summary.unmeasured().isEmpty()) {
            for (RecordSummary.DatabaseRecord db : summary.unmeasured()) {
                err.println("lockbench record: " + db.database() + ": " + db.problem());
            }
            err.flush();
            return 1;
        }
        return LockbenchCommand.OK;
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = String.valueOf(cause.getMessage());
        int detail = message.indexOf("error=");
        return detail >= 0 ? message.substring(detail) : message;
    }

    static void printSummary(PrintWriter out, RecordSummary s, Path dir) {
        out.printf(
                Locale.ROOT,
                "lockbench record: %s ran %.1f s, exit %d; %d output lines matched /%s/%n",
                Visible.of(Recorder.shown(s.command()), 80),
                s.wallSeconds(),
                s.exitCode(),
                s.busyLines(),
                s.busyPattern());
        if (s.busyPatternProblem() != null) {
            out.println("lockbench record: " + s.busyPatternProblem());
        }
        for (RecordSummary.DatabaseRecord db : s.databases()) {
            out.println();
            out.println(db.database() + " (holds from " + db.holdSource() + ")");
            if (db.exact() != null) {
                printExact(out, db.exact(), db.sampledHolds(), s.busyLines());
            } else {
                out.printf(
                        Locale.ROOT,
                        "%d write-lock holds seen, p99 %.2f ms, max %.2f ms, %.1f ms in all (holds shorter than a"
                                + " sample are missed and back-to-back ones merged)%n",
                        db.holds(),
                        db.holdP99Ms(),
                        db.holdMaxMs(),
                        db.holdTotalMs());
                MarkdownTable table = MarkdownTable.of("pid", "holds", "p99 ms", "max ms", "total ms", "command")
                        .alignFrom(1, MarkdownTable.Align.RIGHT)
                        .align(5, MarkdownTable.Align.LEFT);
                for (WatchReport.ProcessHolds p : db.watch().writeLockHolds()) {
                    table.row(
                            p.pid(),
                            p.holds(),
                            f(p.p99Ms()),
                            f(p.maxMs()),
                            f(p.totalMs()),
                            Visible.of(p.command(), 60));
                }
                out.print(table.render());
            }
            if (db.watch().locksNotVisible()) {
                out.println("locks not visible: " + db.watch().locksNotVisibleReason());
            }
            if (db.problem() != null) {
                out.println("nothing measured: " + db.problem());
            }
        }
        if (!s.events().recorded() && s.events().problem() != null) {
            out.println("lock events not recorded: " + s.events().problem());
        }
        if (!s.events().notSeen().isEmpty()) {
            out.println("no lock events from pids " + s.events().notSeen()
                    + ": they held the write lock without going through the lock-event library ("
                    + (s.preloadFailure() != null
                            ? "the loader could not preload it: " + s.preloadFailure()
                            : "a static or setuid program, one running as another user that cannot read the"
                                    + " library, or one that locks without libc's fcntl")
                    + "); their holds are not in the figures");
        } else if (s.preloadFailure() != null) {
            out.println("the lock-event library could not be preloaded in some process: " + s.preloadFailure());
        }
        if (s.events().droppedEvents() > 0) {
            out.println(s.events().droppedEvents() + " lock events were past the size limit of a process's log and"
                    + " are not in the figures");
        }
        out.println("wrote " + dir);
        out.flush();
    }

    private static void printExact(PrintWriter out, LockFigures f, long sampledHolds, long busyLines) {
        out.println(f.story());
        MarkdownTable table = MarkdownTable.of(
                        "pid",
                        "transactions",
                        "hold p50",
                        "p99",
                        "max",
                        "held ms",
                        "waits",
                        "gave up",
                        "wait p99",
                        "max",
                        "BUSY",
                        "command")
                .alignFrom(1, MarkdownTable.Align.RIGHT)
                .align(11, MarkdownTable.Align.LEFT);
        for (LockFigures.ProcessFigures p : f.processes()) {
            table.row(
                    p.pid(),
                    p.transactions(),
                    f(p.holdP50Ms()),
                    f(p.holdP99Ms()),
                    f(p.holdMaxMs()),
                    f(p.holdTotalMs()),
                    p.waits(),
                    p.waitsGivenUp(),
                    f(p.waitP99Ms()),
                    f(p.waitMaxMs()),
                    p.busyByCode().values().stream().mapToLong(Long::longValue).sum(),
                    Visible.of(p.command(), 50));
        }
        out.print(table.render());
        if (!f.statements().isEmpty() && f.statements().get(0).statement() != null) {
            MarkdownTable statements = MarkdownTable.of(
                            "transactions", "hold p99 ms", "max ms", "held ms", "began with")
                    .alignFrom(0, MarkdownTable.Align.RIGHT)
                    .align(4, MarkdownTable.Align.LEFT);
            f.statements().stream()
                    .limit(5)
                    .forEach(st -> statements.row(
                            st.transactions(),
                            f(st.holdP99Ms()),
                            f(st.holdMaxMs()),
                            f(st.holdTotalMs()),
                            st.statement() == null ? "(not seen)" : Visible.of(st.statement(), 70)));
            out.print(statements.render());
        }
        LockFigures.PerTransaction per = f.perTransaction();
        out.printf(
                Locale.ROOT,
                "per write transaction, while holding the lock: %.2f statements, %.2f syncs, %.2f write calls, %.0f"
                        + " bytes written (database %.0f, WAL %.0f, journal %.0f), %.3f ms of CPU%n",
                per.statements(),
                per.syncs(),
                per.writes(),
                per.dbBytes() + per.walBytes() + per.journalBytes(),
                per.dbBytes(),
                per.walBytes(),
                per.journalBytes(),
                per.cpuMs());
        if (!f.busyByCode().isEmpty()) {
            out.println("BUSY by result code: " + f.busyByCode() + " (" + f.busyWithoutWaiting()
                    + " without waiting); output lines that reported a locked database: " + busyLines);
        }
        out.printf(
                Locale.ROOT,
                "the lock-table sampler saw %d holds beside these %d transactions%s%n",
                sampledHolds,
                f.transactions(),
                f.otherHolds().isEmpty()
                        ? ""
                        : "; other holds of the write lock: " + f.otherHolds()
                                + " (recovery: rebuilding the WAL index on open; stale_snapshot: taken and given back at"
                                + " once by a transaction whose snapshot was stale)");
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
