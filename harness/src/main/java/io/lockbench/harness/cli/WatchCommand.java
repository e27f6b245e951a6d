package io.lockbench.harness.cli;

import io.lockbench.harness.scenario.Durations;
import io.lockbench.harness.text.Visible;
import io.lockbench.harness.watch.DatabaseFiles;
import io.lockbench.harness.watch.Hold;
import io.lockbench.harness.watch.Holder;
import io.lockbench.harness.watch.LockState;
import io.lockbench.harness.watch.LockWatcher;
import io.lockbench.harness.watch.WatchReport;
import io.lockbench.store.config.InvalidConfigException;
import io.lockbench.store.lock.LockTable;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "watch",
        mixinStandardHelpOptions = true,
        description = {
            "Live lock diagnostics of any SQLite application (Linux): samples the kernel's lock table"
                    + " (/proc/locks) for the database and its -shm/-wal/-journal files, never opening the database"
                    + " or taking a lock. Shows who holds the write lock, readers and their read marks, checkpoints"
                    + " and WAL size; over the watch, write-lock holds per process, the longest holds and WAL growth"
                    + " while readers pin it.",
            "Holds are measured to about one sample interval: shorter ones can be missed, so counts are a lower"
                    + " bound. Locks of processes in another mount or pid namespace, or taken through a VFS without"
                    + " POSIX locks, are not visible."
        })
final class WatchCommand implements Callable<Integer> {

    private static final long REDRAW_NANOS = 250_000_000L;
    /** Cursor home and clear screen: each frame replaces the last instead of scrolling. */
    private static final String CLEAR = "\033[H\033[2J";

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "DATABASE", description = "The SQLite database file to watch.")
    Path database;

    @Option(
            names = "--interval",
            paramLabel = "DURATION",
            defaultValue = "1ms",
            converter = DurationConverter.class,
            description = "Time between samples (default: ${DEFAULT-VALUE}); also the resolution of hold times.")
    Duration interval;

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Stop after this long (default: until Ctrl-C or SIGTERM).")
    Duration duration;

    @Option(names = "--out", paramLabel = "DIR", description = "Write watch.json, holds.hlog and pid-N.hgrm here.")
    Path out;

    @Option(
            names = "--force",
            description = "Replace an earlier watch's output in --out (never a directory lockbench did not write).")
    boolean force;

    @Option(
            names = "--json",
            description = "One JSON line per event (write lock acquired and released, checkpoint) and a summary"
                    + " line at the end, instead of the live view.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (!LockTable.available()) {
            throw new InvalidConfigException(
                    "watch",
                    "needs Linux's lock table (/proc/locks); this system (" + System.getProperty("os.name")
                            + ") does not have one");
        }
        Duration step = interval;
        if (step.toNanos() < 100_000) {
            throw new InvalidConfigException(
                    "interval", "must be at least 100us but was " + Durations.format(interval));
        }
        Duration limit = duration;
        checkDatabase(database);
        if (out != null) {
            OutputDirectory.claim("out", out, "watch", "watch.json", force);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        boolean live = !json && Terminal.interactive();
        // The live view redraws with escape sequences, which the filtered standard output would show as
        // text; it writes to the terminal directly, and everything it shows from other processes (command
        // lines) is made visible first, so nothing a process put in its arguments can drive the terminal.
        PrintStream screen =
                live ? new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8) : null;
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.set(true);
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        Instant startedAt = Instant.now();
        long deadline = limit == null ? Long.MAX_VALUE : System.nanoTime() + limit.toNanos();
        long cpuBefore = WatchReport.cpuNanos();
        long wallBefore = System.nanoTime();
        LockWatcher watcher = new LockWatcher(
                new DatabaseFiles(database), new LockTable(LockTable.PROC_LOCKS), Clock.systemUTC(), events(stdout));
        if (json) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("event", "watch_started");
            line.put("database", database.toAbsolutePath().toString());
            line.put("interval_ms", step.toNanos() / 1e6);
            line.put("at", startedAt.toString());
            stdout.println(WatchReport.jsonLine(line));
            stdout.flush();
        }
        long[] lastDraw = {0};
        try {
            watcher.run(step, () -> {
                if (live && System.nanoTime() - lastDraw[0] > REDRAW_NANOS) {
                    lastDraw[0] = System.nanoTime();
                    draw(screen, watcher, startedAt);
                }
                return stop.get() || System.nanoTime() >= deadline;
            });
            double cpu = 100.0 * (WatchReport.cpuNanos() - cpuBefore) / Math.max(1, System.nanoTime() - wallBefore);
            WatchReport.Summary summary =
                    WatchReport.summary(watcher, database.toAbsolutePath(), startedAt, step.toNanos() / 1e6, cpu);
            if (json) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("event", "summary");
                line.put("summary", summary);
                stdout.println(WatchReport.jsonLine(line));
            } else {
                if (live) {
                    screen.print(CLEAR);
                    screen.flush();
                }
                WatchReport.printText(stdout, summary);
            }
            if (out != null) {
                WatchReport.write(out, summary, watcher.holdsByPid(), startedAt);
                if (!json) {
                    stdout.println("wrote " + out);
                }
            }
            stdout.flush();
        } finally {
            done.countDown();
            if (!stop.get()) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
        return LockbenchCommand.OK;
    }

    /**
     * Only a SQLite database file is watched: a directory, a FIFO, a device or a /proc file has no
     * SQLite locks, and a watch of it would report zero holds as if that were the truth. An empty
     * regular file passes (SQLite writes the header on the first write).
     */
    static void checkDatabase(Path database) throws IOException {
        if (database.toString().isBlank()) {
            throw new InvalidConfigException("DATABASE", "an empty path names no database file");
        }
        if (!Files.exists(database)) {
            throw new InvalidConfigException("DATABASE", "no such file: " + database);
        }
        Path real = database.toRealPath();
        if (real.startsWith("/proc") || real.startsWith("/sys") || real.startsWith("/dev")) {
            throw new InvalidConfigException(
                    "DATABASE", database + " is a kernel or device file, not a SQLite database");
        }
        if (!Files.isRegularFile(real)) {
            String what = Files.isDirectory(real) ? "a directory" : "not a regular file (a FIFO, socket or device)";
            throw new InvalidConfigException("DATABASE", database + " is " + what + "; give the SQLite database file");
        }
        byte[] header = new byte[16];
        int read;
        try (InputStream in = Files.newInputStream(real)) {
            read = in.readNBytes(header, 0, header.length);
        }
        if (read > 0
                && !new String(header, 0, read, StandardCharsets.ISO_8859_1)
                        .equals("SQLite format 3\0".substring(0, Math.min(read, 16)))) {
            throw new InvalidConfigException(
                    "DATABASE", database + " is not a SQLite database (its first bytes are not the SQLite header)");
        }
    }

    private LockWatcher.Listener events(PrintWriter stdout) {
        PrintWriter stderr = spec.commandLine().getErr();
        if (!json) {
            return new LockWatcher.Listener() {
                @Override
                public void pathChanged(DatabaseFiles.PathChange change, Instant at) {
                    stderr.println("lockbench watch: " + database + ": " + WatchReport.pathChange(change, at));
                    stderr.flush();
                }
            };
        }
        return new LockWatcher.Listener() {
            @Override
            public void pathChanged(DatabaseFiles.PathChange change, Instant at) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put(
                        "event", change == DatabaseFiles.PathChange.REMOVED ? "database_removed" : "database_replaced");
                line.put("at", at.toString());
                line.put("detail", WatchReport.pathChange(change, at));
                stdout.println(WatchReport.jsonLine(line));
                stdout.flush();
            }

            @Override
            public void acquired(Holder holder, Instant at) {
                emit("write_lock_acquired", holder, at, null, 0);
            }

            @Override
            public void released(Hold hold) {
                emit("write_lock_released", hold.holder(), hold.start(), hold.nanos(), hold.resolutionNanos());
            }

            @Override
            public void checkpoint(Holder holder, Instant start, long nanos) {
                emit("checkpoint", holder, start, nanos, 0);
            }

            private void emit(String event, Holder holder, Instant at, Long nanos, long resolution) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("event", event);
                line.put("pid", holder.pid());
                line.put("command", holder.command());
                line.put(nanos == null ? "at" : "start", at.toString());
                if (nanos != null) {
                    line.put("held_ms", nanos / 1e6);
                }
                if (resolution > 0) {
                    line.put("resolution_ms", resolution / 1e6);
                }
                stdout.println(WatchReport.jsonLine(line));
                stdout.flush();
            }
        };
    }

    /** The top-like view: the screen is redrawn in place, not scrolled. */
    private static void draw(PrintStream out, LockWatcher w, Instant startedAt) {
        LockState s = w.last();
        if (s == null) {
            return;
        }
        StringWriter text = new StringWriter();
        PrintWriter p = new PrintWriter(text);
        p.printf(
                Locale.ROOT,
                "lockbench watch — %s mode, WAL %,d bytes, %d samples since %s (Ctrl-C ends)%n%n",
                s.walMode() ? "WAL" : "rollback-journal",
                s.walBytes(),
                w.samples(),
                startedAt);
        p.println("write lock:   " + (s.writer() < 0 ? "free" : who(w, s.writer())));
        p.println("checkpoint:   " + (s.checkpointer() < 0 ? "none" : who(w, s.checkpointer())));
        p.println("readers:      "
                + (s.readers().isEmpty()
                        ? "none"
                        : s.readers().toString() + (s.walMode() ? " (pid=[read-mark slots])" : "")));
        p.println("connections:  " + s.connections());
        if (!s.waiting().isEmpty()) {
            p.println("waiting:      " + s.waiting());
        }
        if (w.pathChange() != DatabaseFiles.PathChange.NONE) {
            p.println("database path: " + WatchReport.pathChange(w.pathChange(), w.pathChangedAt()));
        }
        if (w.notVisibleNow()) {
            p.println("locks not visible: a -shm file exists but no process shows a lock on it (another namespace,"
                    + " another VFS, or a process that died)");
        }
        p.println();
        p.println("write-lock holds so far (pid: count, p50 / p99 / max ms):");
        w.holdsByPid()
                .forEach((pid, h) -> p.printf(
                        Locale.ROOT,
                        "  %-8d %6d  %8.2f / %8.2f / %8.2f  %s%n",
                        pid,
                        h.getTotalCount(),
                        h.getValueAtPercentile(50) / 1e6,
                        h.getValueAtPercentile(99) / 1e6,
                        h.getMaxValue() / 1e6,
                        Visible.of(w.holderOf(pid).command(), 50)));
        p.flush();
        out.print(CLEAR + text);
        out.flush();
    }

    private static String who(LockWatcher w, long pid) {
        return pid + " " + Visible.of(w.holderOf(pid).command(), 70);
    }
}
