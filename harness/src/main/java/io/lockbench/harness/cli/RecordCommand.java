package io.lockbench.harness.cli;

import io.lockbench.harness.record.BusyLines;
import io.lockbench.harness.record.RecordSummary;
import io.lockbench.harness.record.Recorder;
import io.lockbench.harness.record.WaitsInterposer;
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
                    + " it did to its SQLite databases: write-lock holds per process from the kernel's lock table,"
                    + " the lines of its output that report a locked database, and with --waits the lock waits of"
                    + " each of its processes. Writes a directory that `lockbench report` reads.",
            "Exits with the command's exit status when the command failed; 2 for a usage error of record's own,"
                    + " 1 when the recording could not be made."
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
            names = "--busy-pattern",
            paramLabel = "REGEX",
            description =
                    "Output lines that count as the command meeting a locked database (default: ${DEFAULT-VALUE}).",
            defaultValue = BusyLines.DEFAULT_PATTERN)
    String busyPattern;

    @Option(
            names = "--waits",
            description = "Also record each process's lock waits, with an LD_PRELOAD library built with the"
                    + " system's C compiler on first use (not for static or setuid programs).")
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
            throw new InvalidConfigException("interval", "must be at least 100us but was " + interval);
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(busyPattern);
        } catch (PatternSyntaxException e) {
            throw new InvalidConfigException(
                    "busy-pattern", "is not a regular expression: " + e.getDescription() + " at index " + e.getIndex());
        }
        for (Path database : databases) {
            if (Files.isDirectory(database)) {
                throw new InvalidConfigException("db", database + " is a directory; give the SQLite database file");
            }
            if (Files.exists(database)) {
                WatchCommand.checkDatabase(database);
            }
        }
        Path dir = out != null
                ? out
                : Path.of(
                        "results",
                        "record-"
                                + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                                        .format(ZonedDateTime.now(ZoneOffset.UTC)));
        WatchCommand.checkWritable(dir);
        Path library = null;
        String waitsProblem = null;
        if (waits) {
            WaitsInterposer.Build build = WaitsInterposer.build(WaitsInterposer.defaultCache());
            library = build.library().orElse(null);
            waitsProblem = build.problem();
            if (library == null) {
                err.println(
                        "lockbench record: lock waits are not recorded (" + waitsProblem + "); recording holds only");
                err.flush();
            }
        }
        Recorder recorder =
                new Recorder(new Recorder.Options(databases, dir, pattern, interval, command, library, waitsProblem));
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
        for (RecordSummary.DatabaseRecord db : s.databases()) {
            out.printf(
                    Locale.ROOT,
                    "%s: %d write-lock holds, p99 %.2f ms, max %.2f ms, %.1f ms in all%s%n",
                    db.database(),
                    db.holds(),
                    db.holdP99Ms(),
                    db.holdMaxMs(),
                    db.holdTotalMs(),
                    s.waits().recorded()
                            ? String.format(
                                    Locale.ROOT,
                                    "; %d lock waits (%d given up), p99 %.2f ms, max %.2f ms",
                                    db.waits(),
                                    db.waitsGivenUp(),
                                    db.waitP99Ms(),
                                    db.waitMaxMs())
                            : "");
            MarkdownTable table = MarkdownTable.of("pid", "holds", "p99 ms", "max ms", "total ms", "command")
                    .alignFrom(1, MarkdownTable.Align.RIGHT)
                    .align(5, MarkdownTable.Align.LEFT);
            for (WatchReport.ProcessHolds p : db.watch().writeLockHolds()) {
                table.row(p.pid(), p.holds(), f(p.p99Ms()), f(p.maxMs()), f(p.totalMs()), Visible.of(p.command(), 60));
            }
            out.print(table.render());
            if (!db.waitsByProcess().isEmpty()) {
                MarkdownTable waits = MarkdownTable.of(
                                "pid", "waits", "given up", "p50 ms", "p99 ms", "max ms", "total ms", "command")
                        .alignFrom(1, MarkdownTable.Align.RIGHT)
                        .align(7, MarkdownTable.Align.LEFT);
                for (RecordSummary.ProcessWaits p : db.waitsByProcess()) {
                    waits.row(
                            p.pid(),
                            p.waits(),
                            p.givenUp(),
                            f(p.p50Ms()),
                            f(p.p99Ms()),
                            f(p.maxMs()),
                            f(p.totalMs()),
                            Visible.of(p.command(), 50));
                }
                out.print(waits.render());
            }
            if (db.watch().locksNotVisible()) {
                out.println("locks not visible: " + db.watch().locksNotVisibleReason());
            }
        }
        if (!s.waits().notSeen().isEmpty()) {
            out.println("lock waits not seen for pids " + s.waits().notSeen()
                    + ": they held the write lock without going through the lock-request logger (a static or setuid"
                    + " program, or one that locks without libc's fcntl)");
        }
        out.println("wrote " + dir);
        out.flush();
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
