package io.lockbench.harness.record;

import io.lockbench.harness.json.Json;
import io.lockbench.harness.run.ScratchDirectories;
import io.lockbench.harness.watch.DatabaseFiles;
import io.lockbench.harness.watch.LockWatcher;
import io.lockbench.harness.watch.WatchReport;
import io.lockbench.store.config.Secrets;
import io.lockbench.store.lock.LockTable;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * Runs a command while watching its databases: the write-lock holds of every process from the kernel's
 * lock table (as {@code watch} does, one watcher thread per database, which may not exist yet when the
 * command starts), the lines of its output that report a locked database, and, with waits, every lock
 * request of the command's processes on the watched files through the {@link EventsLibrary}. Writes
 * {@code record.json}, {@code busy.csv} and one watch directory per database (with {@code waits.hlog}
 * when waits were recorded).
 */
public final class Recorder {

    /**
     * What to record.
     *
     * @param eventsLibrary the lock-event library to preload, or null for holds sampled from the lock table only
     * @param eventsProblem why there is no library, for the recording's notes
     * @param directory the command's working directory, or null for lockbench's
     * @param output a file for the command's output, or null to pass it on to lockbench's own
     */
    public record Options(
            List<Path> databases,
            Path out,
            Pattern busyPattern,
            Duration interval,
            List<String> command,
            Path eventsLibrary,
            String eventsProblem,
            Path directory,
            Path output) {

        /** Recording in lockbench's own directory, the command's output on lockbench's console. */
        public Options(
                List<Path> databases,
                Path out,
                Pattern busyPattern,
                Duration interval,
                List<String> command,
                Path eventsLibrary,
                String eventsProblem) {
            this(databases, out, busyPattern, interval, command, eventsLibrary, eventsProblem, null, null);
        }
    }

    private final Options options;
    private final AtomicBoolean stop = new AtomicBoolean();
    private volatile Process child;
    private final Histogram holds = new Histogram(3);
    private final Histogram waits = new Histogram(3);

    public Recorder(Options options) {
        this.options = options;
    }

    /**
     * Records until the command ends (and its output is read to the end). A signal to lockbench ends
     * the command ({@link #interrupt}) and the recording is still written.
     *
     * @throws IOException when the command cannot be started or the results cannot be written
     */
    public RecordSummary record() throws IOException {
        Path out = options.out();
        Files.createDirectories(out);
        Path eventsDir = out.resolve("events");
        // A relative database is the command's, so it is found from the command's directory.
        List<Path> databases = options.databases().stream()
                .map(db ->
                        options.directory() == null ? db : options.directory().resolve(db))
                .map(Recorder::absolute)
                .toList();
        List<String> dirs = directoryNames(databases);
        List<DatabaseState> before = databases.stream().map(DatabaseState::of).toList();
        Instant startedAt = Instant.now();
        long startNanos = System.nanoTime();
        long cpuBefore = WatchReport.cpuNanos();
        List<LockWatcher> watchers = new ArrayList<>();
        List<Thread> watcherThreads = new ArrayList<>();
        List<IOException> watchFailures = new ArrayList<>();
        for (Path database : databases) {
            LockWatcher watcher = new LockWatcher(
                    new DatabaseFiles(database),
                    new LockTable(LockTable.PROC_LOCKS),
                    Clock.systemUTC(),
                    new LockWatcher.Listener() {});
            watchers.add(watcher);
            Thread thread = new Thread(
                    () -> {
                        try {
                            watcher.run(options.interval(), stop::get);
                        } catch (IOException e) {
                            synchronized (watchFailures) {
                                watchFailures.add(e);
                            }
                        }
                    },
                    "lockbench-record-watch");
            thread.setDaemon(true);
            watcherThreads.add(thread);
            thread.start();
        }
        BusyLines busy = new BusyLines(options.busyPattern(), startNanos);
        ProcessBuilder builder = new ProcessBuilder(options.command()).redirectInput(ProcessBuilder.Redirect.INHERIT);
        if (options.directory() != null) {
            builder.directory(options.directory().toFile());
        }
        // Logs of an earlier recording into the same directory must not be read as this one's.
        ScratchDirectories.delete(eventsDir);
        if (options.eventsLibrary() != null) {
            Files.createDirectories(eventsDir);
            Map<String, String> env = builder.environment();
            String preload = env.get("LD_PRELOAD");
            env.put(
                    "LD_PRELOAD",
                    options.eventsLibrary() + (preload == null || preload.isBlank() ? "" : " " + preload));
            env.put("LOCKBENCH_EVENTS_DIR", eventsDir.toString());
            env.put(
                    "LOCKBENCH_EVENTS_FILES",
                    databases.stream().map(Path::toString).collect(Collectors.joining(":")));
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            stop.set(true);
            throw e;
        }
        child = process;
        OutputStream log = options.output() == null ? null : Files.newOutputStream(options.output());
        Thread stdout = pump(
                busy, process.getInputStream(), log != null ? log : new FileOutputStream(FileDescriptor.out), "stdout");
        Thread stderr = pump(
                busy, process.getErrorStream(), log != null ? log : new FileOutputStream(FileDescriptor.err), "stderr");
        int exit = waitFor(process);
        long wallNanos = System.nanoTime() - startNanos;
        join(stdout);
        join(stderr);
        if (log != null) {
            log.close();
        }
        // Two more intervals let every watcher take a last sample after the command's last release; never
        // more than a fraction of a second, whatever the interval (--interval 1h is not two hours of waiting).
        sleep(Math.min(options.interval().toNanos() * 2, TimeUnit.MILLISECONDS.toNanos(250)));
        stop.set(true);
        for (Thread t : watcherThreads) {
            // No interrupt: it would close the lock table's channel under a sample; watchers see stop at once.
            join(t);
        }
        if (!watchFailures.isEmpty()) {
            throw watchFailures.get(0);
        }
        double cpuPercent = 100.0 * (WatchReport.cpuNanos() - cpuBefore) / Math.max(1, System.nanoTime() - startNanos);
        LockEvents events = options.eventsLibrary() == null ? null : LockEvents.read(eventsDir);
        List<RecordSummary.DatabaseRecord> records = new ArrayList<>();
        for (int i = 0; i < databases.size(); i++) {
            LockWatcher watcher = watchers.get(i);
            Path dir = out.resolve(dirs.get(i));
            WatchReport.Summary sampled = WatchReport.summary(
                    watcher, databases.get(i), startedAt, options.interval().toNanos() / 1e6, cpuPercent);
            LockHistory history = events == null ? null : LockHistory.of(events, i);
            LockFigures figures =
                    history == null || history.commands().isEmpty() ? null : LockFigures.of(history, startNanos);
            Map<Long, Histogram> holdsByPid = figures == null ? watcher.holdsByPid() : exactByPid(history);
            WatchReport.Summary watch = figures == null ? sampled : exactWatch(sampled, figures, history, startNanos);
            WatchReport.write(dir, watch, holdsByPid, startedAt);
            records.add(databaseRecord(
                    databases.get(i),
                    dirs.get(i),
                    watch,
                    figures,
                    history,
                    watcher.holdsByPid().values().stream()
                            .mapToLong(Histogram::getTotalCount)
                            .sum(),
                    before.get(i),
                    DatabaseState.of(databases.get(i)),
                    dir,
                    startedAt));
            holdsByPid.values().forEach(holds::add);
            if (history != null) {
                history.waits().forEach(w -> waits.recordValue(Math.max(1, Math.min(HIGHEST, w.nanos()))));
            }
        }
        RecordSummary summary = new RecordSummary(
                options.command(),
                startedAt,
                wallNanos / 1e9,
                exit,
                options.busyPattern().pattern(),
                busy.total(),
                busy.problem(),
                busy.preloadFailure(),
                busy.perSecond(),
                busy.first(),
                new RecordSummary.Events(
                        events != null,
                        options.eventsProblem(),
                        events == null ? 0 : events.processes().size(),
                        events == null
                                ? 0
                                : events.processes().stream()
                                        .mapToLong(LockEvents.ProcessLog::malformedLines)
                                        .sum(),
                        events == null
                                ? 0
                                : events.processes().stream()
                                        .mapToLong(LockEvents.ProcessLog::droppedEvents)
                                        .sum(),
                        notSeen(watchers, events)),
                records);
        // Command lines and the program's BUSY lines may carry a password: record.json goes through the
        // redaction, and so does the command line at the head of every kept event log.
        Files.writeString(
                out.resolve("record.json"),
                Secrets.redact(Json.pretty().writeValueAsString(summary)),
                StandardCharsets.UTF_8);
        if (events != null) {
            redactCommandLines(eventsDir);
        }
        writeBusyCsv(out.resolve("busy.csv"), busy);
        return summary;
    }

    /** The processes that held a write lock in the lock table but logged no lock event (static, setuid). */
    private static List<Long> notSeen(List<LockWatcher> watchers, LockEvents events) {
        if (events == null) {
            return List.of();
        }
        Set<Long> seen = events.processes().stream()
                .filter(p -> !p.locks().isEmpty())
                .map(LockEvents.ProcessLog::pid)
                .collect(Collectors.toSet());
        return watchers.stream()
                .flatMap(w -> w.holdsByPid().keySet().stream())
                .filter(pid -> !seen.contains(pid))
                .distinct()
                .sorted()
                .toList();
    }

    /**
     * The write-lock holds of every process on every database, after {@link #record()}: exact, one per
     * transaction, where the lock events were logged; sampled from the lock table elsewhere.
     */
    public Histogram holds() {
        return holds;
    }

    /** The lock waits of every process on every database (empty without lock events), after {@link #record()}. */
    public Histogram waits() {
        return waits;
    }

    /** How long a command asked to end (SIGTERM) has before it and what it started are killed. */
    static final Duration KILL_AFTER = Duration.ofSeconds(5);

    /**
     * Ends the command (and what it started), as lockbench itself is asked to end: SIGTERM, then SIGKILL
     * for whatever still runs {@link #KILL_AFTER} later, so that a command that ignores SIGTERM cannot
     * keep the recording from being written.
     */
    public void interrupt() {
        Process p = child;
        if (p == null || !p.isAlive()) {
            return;
        }
        List<ProcessHandle> started = p.descendants().toList();
        started.forEach(ProcessHandle::destroy);
        p.destroy();
        Thread killer = new Thread(
                () -> {
                    try {
                        if (!p.waitFor(KILL_AFTER.toMillis(), TimeUnit.MILLISECONDS)) {
                            p.descendants().forEach(ProcessHandle::destroyForcibly);
                            p.destroyForcibly();
                        }
                        started.forEach(ProcessHandle::destroyForcibly);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "lockbench-record-kill");
        killer.setDaemon(true);
        killer.start();
    }

    private static final long HIGHEST = 3_600_000_000_000L;

    private static RecordSummary.DatabaseRecord databaseRecord(
            Path database,
            String dirName,
            WatchReport.Summary watch,
            LockFigures exact,
            LockHistory history,
            long sampledHolds,
            DatabaseState before,
            DatabaseState after,
            Path dir,
            Instant startedAt)
            throws IOException {
        long holds = 0;
        double holdP99 = 0;
        double holdMax = 0;
        double holdTotal = 0;
        for (WatchReport.ProcessHolds p : watch.writeLockHolds()) {
            holds += p.holds();
            holdP99 = Math.max(holdP99, p.p99Ms());
            holdMax = Math.max(holdMax, p.maxMs());
            holdTotal += p.totalMs();
        }
        if (exact != null) {
            holdP99 = exact.holdP99Ms();
            holdTotal = exact.holdTotalMs();
            Map<Long, Histogram> waitsByPid = new TreeMap<>();
            history.waits()
                    .forEach(w -> waitsByPid
                            .computeIfAbsent(w.pid(), pid -> new Histogram(1, HIGHEST, 3))
                            .recordValue(Math.max(1, Math.min(HIGHEST, w.nanos()))));
            WatchReport.writeByPid(dir.resolve("waits.hlog"), waitsByPid, startedAt, (long) (watch.seconds() * 1000));
        }
        String problem = null;
        if (holds == 0 && !after.exists()) {
            // A --db the command never wrote is a wrong path, never a recording of zero.
            problem = "the database did not exist when the command ended; check --db (a path relative to the"
                    + " command's directory is the command's)";
        } else if (holds == 0 && after.changedSince(before)) {
            problem = "the database changed while recorded (" + after.describeChange(before)
                    + ") but no write-lock hold was seen: "
                    + (exact == null && history == null
                            ? "its locks were not visible in the lock table"
                            : "no process that locked it went through the lock-event library (a static or setuid"
                                    + " program, one running as another user that cannot read the library, SQLite"
                                    + " built with locking off, or another path to the same file)");
        }
        return new RecordSummary.DatabaseRecord(
                database.toString(),
                dirName,
                exact != null ? LockFigures.SOURCE : SAMPLED_SOURCE,
                holds,
                holdP99,
                holdMax,
                holdTotal,
                sampledHolds,
                exact == null ? 0 : exact.waits(),
                exact == null ? 0 : exact.waitsGivenUp(),
                exact == null ? 0 : exact.waitP99Ms(),
                exact == null ? 0 : exact.waitMaxMs(),
                exact == null ? 0 : exact.waitTotalMs(),
                exact == null ? Map.of() : exact.busyByCode(),
                problem,
                exact,
                watch);
    }

    /** Where holds come from without the lock-event library. */
    static final String SAMPLED_SOURCE = "the kernel's lock table (/proc/locks), sampled";

    /** Each process's exact holds (transactions only), for the watch directory's histogram files. */
    private static Map<Long, Histogram> exactByPid(LockHistory history) {
        Map<Long, Histogram> byPid = new TreeMap<>();
        for (LockHistory.Hold h : history.transactions()) {
            byPid.computeIfAbsent(h.pid(), pid -> new Histogram(1, HIGHEST, 3))
                    .recordValue(Math.max(1, Math.min(HIGHEST, h.nanos())));
        }
        return byPid;
    }

    /**
     * The watch summary with the sampled holds replaced by the exact ones, so that {@code report} draws
     * what the processes did; what only the lock table shows (checkpoints, WAL size) stays.
     */
    private static WatchReport.Summary exactWatch(
            WatchReport.Summary sampled, LockFigures exact, LockHistory history, long originNanos) {
        List<WatchReport.ProcessHolds> processes = exact.processes().stream()
                .filter(p -> p.transactions() > 0)
                .map(p -> new WatchReport.ProcessHolds(
                        p.pid(),
                        p.command(),
                        p.transactions(),
                        p.holdP50Ms(),
                        p.holdP99Ms(),
                        p.holdMaxMs(),
                        p.holdTotalMs()))
                .toList();
        Map<Long, double[]> perSecond = new TreeMap<>();
        int seconds = (int) Math.ceil(sampled.seconds()) + 1;
        for (LockHistory.Hold h : history.transactions()) {
            double[] lane = perSecond.computeIfAbsent(h.pid(), pid -> new double[seconds]);
            long from = Math.max(0, h.startNanos() - originNanos);
            long to = Math.max(from, h.endNanos() - originNanos);
            while (from < to) {
                int second = (int) (from / 1_000_000_000L);
                if (second >= lane.length) {
                    break;
                }
                long secondEnd = (second + 1) * 1_000_000_000L;
                long part = Math.min(to, secondEnd) - from;
                lane[second] += part / 1e6;
                from += part;
            }
        }
        return new WatchReport.Summary(
                sampled.database(),
                sampled.startedAt(),
                sampled.seconds(),
                sampled.samples(),
                sampled.intervalMs(),
                sampled.maxGapMs(),
                sampled.cpuPercentOfOneCore(),
                processes,
                exact.longestHolds(),
                sampled.checkpoints(),
                sampled.checkpointMs(),
                sampled.writerWaitingMs(),
                sampled.walGrowthWhileReadersPinnedBytes(),
                sampled.walBytes(),
                false,
                null,
                0,
                exact.replacements() > 0
                        ? "the database was replaced " + exact.replacements()
                                + " time(s) while recorded; the lock events follow its path, so every file the"
                                + " processes used under it was measured"
                        : null,
                0,
                "exact: every grant and release of the write lock, logged inside each process (LD_PRELOAD); each"
                        + " hold is one transaction, timed with the clock the process read around its lock calls",
                perSecond);
    }

    /** The command line heading each kept event log, through the same redaction as record.json. */
    private static void redactCommandLines(Path eventsDir) throws IOException {
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(eventsDir, "events-*.log")) {
            for (Path log : logs) {
                List<String> head = new ArrayList<>();
                try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.ISO_8859_1)) {
                    for (int i = 0; i < 2; i++) {
                        String line = in.readLine();
                        if (line != null) {
                            head.add(line);
                        }
                    }
                }
                boolean secret = head.stream()
                        .anyMatch(l -> l.startsWith("C ") && !Secrets.redact(l).equals(l));
                if (!secret) {
                    continue;
                }
                // Rare (a password on a command line): the log is copied once with its header redacted.
                Path redacted = log.resolveSibling(log.getFileName() + ".redacted");
                try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.ISO_8859_1);
                        BufferedWriter w = Files.newBufferedWriter(redacted, StandardCharsets.ISO_8859_1)) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        w.write(line.startsWith("C ") ? Secrets.redact(line) : line);
                        w.write('\n');
                    }
                }
                Files.move(redacted, log, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void writeBusyCsv(Path file, BusyLines busy) throws IOException {
        StringBuilder csv = new StringBuilder("second,busy_lines\n");
        busy.perSecond()
                .forEach((second, lines) ->
                        csv.append(second).append(',').append(lines).append('\n'));
        Files.writeString(file, csv, StandardCharsets.UTF_8);
    }

    /** The watch directory of each database: {@code db-NAME}, numbered when two databases share a name. */
    static List<String> directoryNames(List<Path> databases) {
        List<String> names = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (Path database : databases) {
            String base = "db-" + database.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
            String name = base;
            for (int n = 2; !taken.add(name); n++) {
                name = base + "-" + n;
            }
            names.add(name);
        }
        return names;
    }

    /**
     * The path the interposer will see behind a file descriptor: the kernel resolves symbolic links, so
     * the watched path is the real path of the database's directory and the database's name in it (the
     * database itself may not exist yet).
     */
    static Path absolute(Path database) {
        Path abs = database.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        try {
            return parent == null ? abs : parent.toRealPath().resolve(abs.getFileName());
        } catch (IOException e) {
            return abs;
        }
    }

    private static Thread pump(BusyLines busy, InputStream in, OutputStream out, String name) {
        Thread t = new Thread(
                () -> {
                    try (in) {
                        busy.pump(in, out);
                    } catch (IOException e) {
                        // the command closed its end; what it wrote so far was passed on and matched
                    }
                },
                "lockbench-record-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static int waitFor(Process process) {
        while (true) {
            try {
                return process.waitFor();
            } catch (InterruptedException e) {
                // the exit code is still to come: a signal ends the command through interrupt()
            }
        }
    }

    private static void join(Thread t) {
        try {
            t.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static double ms(long nanos) {
        return Math.round(nanos / 1e3) / 1e3;
    }

    /** For messages: the command as a shell would show it. */
    public static String shown(List<String> command) {
        return command.stream()
                .map(a -> a.matches("[A-Za-z0-9_./:=@%+-]+") ? a : "'" + a.replace("'", "'\\''") + "'")
                .collect(Collectors.joining(" "));
    }
}
