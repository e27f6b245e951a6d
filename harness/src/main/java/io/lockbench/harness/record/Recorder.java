package io.lockbench.harness.record;

import io.lockbench.harness.json.Json;
import io.lockbench.harness.run.ScratchDirectories;
import io.lockbench.harness.watch.DatabaseFiles;
import io.lockbench.harness.watch.LockWatcher;
import io.lockbench.harness.watch.WatchReport;
import io.lockbench.store.config.Secrets;
import io.lockbench.store.lock.LockTable;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * Runs a command while watching its databases: the write-lock holds of every process from the kernel's
 * lock table (as {@code watch} does, one watcher thread per database, which may not exist yet when the
 * command starts), the lines of its output that report a locked database, and, with waits, every lock
 * request of the command's processes on the watched files through the {@link WaitsInterposer}. Writes
 * {@code record.json}, {@code busy.csv} and one watch directory per database (with {@code waits.hlog}
 * when waits were recorded).
 */
public final class Recorder {

    /**
     * What to record.
     *
     * @param waitsLibrary the interposer to preload, or null for holds only
     * @param directory the command's working directory, or null for lockbench's
     * @param output a file for the command's output, or null to pass it on to lockbench's own
     */
    public record Options(
            List<Path> databases,
            Path out,
            Pattern busyPattern,
            Duration interval,
            List<String> command,
            Path waitsLibrary,
            String waitsProblem,
            Path directory,
            Path output) {

        /** Recording in lockbench's own directory, the command's output on lockbench's console. */
        public Options(
                List<Path> databases,
                Path out,
                Pattern busyPattern,
                Duration interval,
                List<String> command,
                Path waitsLibrary,
                String waitsProblem) {
            this(databases, out, busyPattern, interval, command, waitsLibrary, waitsProblem, null, null);
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
        Path waitsDir = out.resolve("waits");
        // A relative database is the command's, so it is found from the command's directory.
        List<Path> databases = options.databases().stream()
                .map(db ->
                        options.directory() == null ? db : options.directory().resolve(db))
                .map(Recorder::absolute)
                .toList();
        List<String> dirs = directoryNames(databases);
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
        ScratchDirectories.delete(waitsDir);
        if (options.waitsLibrary() != null) {
            Files.createDirectories(waitsDir);
            Map<String, String> env = builder.environment();
            String preload = env.get("LD_PRELOAD");
            env.put("LD_PRELOAD", options.waitsLibrary() + (preload == null || preload.isBlank() ? "" : " " + preload));
            env.put("LOCKBENCH_WAITS_DIR", waitsDir.toString());
            env.put(
                    "LOCKBENCH_WAITS_FILES",
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
        // One more interval lets every watcher take a last sample after the command's last release.
        sleep(options.interval().toNanos() * 2);
        stop.set(true);
        for (Thread t : watcherThreads) {
            join(t);
        }
        if (!watchFailures.isEmpty()) {
            throw watchFailures.get(0);
        }
        double cpuPercent = 100.0 * (WatchReport.cpuNanos() - cpuBefore) / Math.max(1, System.nanoTime() - startNanos);
        WaitLog waitLog = options.waitsLibrary() == null ? null : WaitLog.read(waitsDir);
        List<RecordSummary.DatabaseRecord> records = new ArrayList<>();
        for (int i = 0; i < databases.size(); i++) {
            LockWatcher watcher = watchers.get(i);
            Path dir = out.resolve(dirs.get(i));
            WatchReport.Summary watch = WatchReport.summary(
                    watcher, databases.get(i), startedAt, options.interval().toNanos() / 1e6, cpuPercent);
            WatchReport.write(dir, watch, watcher.holdsByPid(), startedAt);
            records.add(databaseRecord(databases.get(i), dirs.get(i), watcher, watch, waitLog, i, dir, startedAt));
            watcher.holdsByPid().values().forEach(holds::add);
            if (waitLog != null) {
                waitLog.byPid(i).values().forEach(waits::add);
            }
        }
        RecordSummary summary = new RecordSummary(
                options.command(),
                startedAt,
                wallNanos / 1e9,
                exit,
                options.busyPattern().pattern(),
                busy.total(),
                busy.perSecond(),
                busy.first(),
                new RecordSummary.Waits(
                        waitLog != null,
                        options.waitsProblem(),
                        waitLog == null ? 0 : waitLog.requests(),
                        waitLog == null ? 0 : waitLog.malformedLines(),
                        notSeen(watchers, waitLog)),
                records);
        // Command lines and the program's BUSY lines may carry a password; the raw request logs (whose
        // headers are command lines) have been read into the figures and are not kept.
        Files.writeString(
                out.resolve("record.json"),
                Secrets.redact(Json.pretty().writeValueAsString(summary)),
                StandardCharsets.UTF_8);
        ScratchDirectories.delete(waitsDir);
        writeBusyCsv(out.resolve("busy.csv"), busy);
        return summary;
    }

    /** The processes that held a write lock but never reached the lock-request logger. */
    private static List<Long> notSeen(List<LockWatcher> watchers, WaitLog waits) {
        if (waits == null) {
            return List.of();
        }
        Set<Long> seen = waits.processesSeen();
        return watchers.stream()
                .flatMap(w -> w.holdsByPid().keySet().stream())
                .filter(pid -> !seen.contains(pid))
                .distinct()
                .sorted()
                .toList();
    }

    /** The write-lock holds of every process on every database, after {@link #record()}. */
    public Histogram holds() {
        return holds;
    }

    /** The lock waits of every process on every database (empty without waits), after {@link #record()}. */
    public Histogram waits() {
        return waits;
    }

    /** Ends the command (and what it started), as lockbench itself is asked to end. */
    public void interrupt() {
        Process p = child;
        if (p != null && p.isAlive()) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
    }

    private static RecordSummary.DatabaseRecord databaseRecord(
            Path database,
            String dirName,
            LockWatcher watcher,
            WatchReport.Summary watch,
            WaitLog waits,
            int index,
            Path dir,
            Instant startedAt)
            throws IOException {
        Histogram holds = new Histogram(3);
        watcher.holdsByPid().values().forEach(holds::add);
        long holdTotal = 0;
        for (WatchReport.ProcessHolds p : watch.writeLockHolds()) {
            holdTotal += (long) (p.totalMs() * 1e6);
        }
        List<RecordSummary.ProcessWaits> byProcess = new ArrayList<>();
        Histogram all = new Histogram(3);
        long givenUp = 0;
        List<WaitLog.Wait> longest = List.of();
        if (waits != null) {
            Map<Long, Histogram> byPid = waits.byPid(index);
            byPid.values().forEach(all::add);
            for (Map.Entry<Long, Histogram> e : byPid.entrySet()) {
                long pid = e.getKey();
                Histogram h = e.getValue();
                Map<String, Long> byLock = new LinkedHashMap<>();
                long pidGivenUp = 0;
                for (WaitLog.Wait w : waits.waits()) {
                    if (w.pid() == pid && w.database() == index) {
                        byLock.merge(w.lock(), 1L, Long::sum);
                        pidGivenUp += w.granted() ? 0 : 1;
                    }
                }
                givenUp += pidGivenUp;
                String command = waits.command(pid);
                byProcess.add(new RecordSummary.ProcessWaits(
                        pid,
                        command.isEmpty() ? watcher.holderOf(pid).command() : command,
                        h.getTotalCount(),
                        pidGivenUp,
                        ms(h.getValueAtPercentile(50)),
                        ms(h.getValueAtPercentile(99)),
                        ms(h.getMaxValue()),
                        ms((long) (h.getMean() * h.getTotalCount())),
                        byLock));
            }
            longest = waits.waits().stream()
                    .filter(w -> w.database() == index)
                    .sorted((a, b) -> Long.compare(b.nanos(), a.nanos()))
                    .limit(LockWatcher.TOP_HOLDS)
                    .toList();
            WatchReport.writeByPid(dir.resolve("waits.hlog"), byPid, startedAt, (long) (watch.seconds() * 1000));
        }
        return new RecordSummary.DatabaseRecord(
                database.toString(),
                dirName,
                holds.getTotalCount(),
                ms(holds.getValueAtPercentile(99)),
                ms(holds.getMaxValue()),
                ms(holdTotal),
                all.getTotalCount(),
                givenUp,
                ms(all.getValueAtPercentile(99)),
                ms(all.getMaxValue()),
                ms((long) (all.getMean() * all.getTotalCount())),
                byProcess,
                longest,
                watch);
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
