package io.lockbench.harness.watch;

import io.lockbench.harness.json.Json;
import io.lockbench.harness.text.MarkdownTable;
import io.lockbench.harness.text.Visible;
import io.lockbench.store.config.Secrets;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/** What a watch saw, as text for a person, as JSON, and as files in a results directory. */
public final class WatchReport {

    private WatchReport() {}

    /** {@code value} as one line of JSON, for {@code watch --json}. */
    public static String jsonLine(Object value) {
        return Json.line(value);
    }

    /** Holds of one process: count and percentiles in ms. */
    public record ProcessHolds(
            long pid, String command, long holds, double p50Ms, double p99Ms, double maxMs, double totalMs) {}

    public record Summary(
            String database,
            Instant startedAt,
            double seconds,
            long samples,
            double intervalMs,
            double maxGapMs,
            double cpuPercentOfOneCore,
            List<ProcessHolds> writeLockHolds,
            List<Map<String, Object>> longestHolds,
            long checkpoints,
            double checkpointMs,
            double writerWaitingMs,
            long walGrowthWhileReadersPinnedBytes,
            long walBytes,
            boolean locksNotVisible,
            String locksNotVisibleReason,
            long writesWithoutVisibleLock,
            String databaseChanged,
            long holdsSplitAtPauses,
            String resolution,
            // Per process, the milliseconds of each second of the watch it held the write lock (element i
            // is second i from the start): who held the lock when. Null in watches written before it was.
            Map<Long, double[]> heldMsPerSecond) {}

    public static Summary summary(
            LockWatcher w, Path database, Instant startedAt, double intervalMs, double cpuPercent) {
        List<ProcessHolds> processes = new ArrayList<>();
        w.holdsByPid()
                .forEach((pid, h) -> processes.add(new ProcessHolds(
                        pid,
                        w.holderOf(pid).command(),
                        h.getTotalCount(),
                        ms(h.getValueAtPercentile(50)),
                        ms(h.getValueAtPercentile(99)),
                        ms(h.getMaxValue()),
                        ms((long) (h.getMean() * h.getTotalCount())))));
        List<Map<String, Object>> longest = new ArrayList<>();
        for (Hold hold : w.longestHolds()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pid", hold.holder().pid());
            m.put("command", hold.holder().command());
            m.put("start", hold.start());
            m.put("held_ms", ms(hold.nanos()));
            m.put("resolution_ms", ms(hold.resolutionNanos()));
            longest.add(m);
        }
        double gap = ms(w.maxGapNanos());
        return new Summary(
                database.toString(),
                startedAt,
                w.watchedNanos() / 1e9,
                w.samples(),
                intervalMs,
                gap,
                cpuPercent,
                processes,
                longest,
                w.checkpoints(),
                ms(w.checkpointNanos()),
                ms(w.waitingNanos()),
                w.walGrowthPinnedBytes(),
                w.last() == null ? 0 : w.last().walBytes(),
                w.everNotVisible(),
                w.notVisibleReason(),
                w.writesWithoutVisibleLock(),
                databaseChanged(w),
                w.splitHolds(),
                String.format(
                                Locale.ROOT,
                                "holds are measured to about one sample gap (%.2f ms at most here, each hold's own in"
                                        + " its resolution_ms): holds shorter than that may be missed, so counts are a"
                                        + " lower bound",
                                gap)
                        + (w.splitHolds() == 0
                                ? ""
                                : String.format(
                                        Locale.ROOT,
                                        "; %d holds were split where the watch paused for more than %.0f ms, since"
                                                + " the lock may have been released and taken again unseen",
                                        w.splitHolds(),
                                        w.splitNanos() / 1e6)),
                w.heldMsPerSecond());
    }

    private static String databaseChanged(LockWatcher w) {
        return w.pathChange() == DatabaseFiles.PathChange.NONE ? null : pathChange(w.pathChange(), w.pathChangedAt());
    }

    /** What became of the database path, for the live event and the summary alike. */
    public static String pathChange(DatabaseFiles.PathChange change, Instant at) {
        return (change == DatabaseFiles.PathChange.REMOVED
                        ? "the database file was removed at " + at
                        : "another file took the database's path at " + at)
                + "; the watch follows the file it began with, which the processes that have it open go on using";
    }

    static double ms(long nanos) {
        return Math.round(nanos / 1e3) / 1e3;
    }

    public static void printText(PrintWriter out, Summary s) {
        out.printf(
                Locale.ROOT,
                "watched %s for %.1f s: %d samples every %.3f ms (longest gap %.2f ms), %.1f%% of one CPU%n",
                s.database(),
                s.seconds(),
                s.samples(),
                s.intervalMs(),
                s.maxGapMs(),
                s.cpuPercentOfOneCore());
        if (s.databaseChanged() != null) {
            out.println(s.databaseChanged());
        }
        if (s.locksNotVisible()) {
            out.println("locks not visible: "
                    + (s.locksNotVisibleReason() == null
                            ? "no process showed a lock on the database while it was in use"
                            : s.locksNotVisibleReason()));
        }
        out.println("write-lock holds per process (" + s.resolution() + "):");
        MarkdownTable table = MarkdownTable.of("pid", "holds", "p50 ms", "p99 ms", "max ms", "total ms", "command")
                .alignFrom(1, MarkdownTable.Align.RIGHT)
                .align(6, MarkdownTable.Align.LEFT);
        for (ProcessHolds p : s.writeLockHolds()) {
            table.row(
                    p.pid(),
                    p.holds(),
                    f(p.p50Ms()),
                    f(p.p99Ms()),
                    f(p.maxMs()),
                    f(p.totalMs()),
                    Visible.of(p.command(), 60));
        }
        out.print(table.render());
        out.println("longest holds:");
        MarkdownTable top = MarkdownTable.of("held ms", "pid", "start", "command")
                .align(0, MarkdownTable.Align.RIGHT)
                .align(1, MarkdownTable.Align.RIGHT);
        for (Map<String, Object> h : s.longestHolds()) {
            top.row(h.get("held_ms"), h.get("pid"), h.get("start"), Visible.of(String.valueOf(h.get("command")), 60));
        }
        out.print(top.render());
        out.printf(
                Locale.ROOT,
                "checkpoints seen: %d (%.1f ms); a writer waiting in the kernel: %.1f ms (SQLite's own waits are"
                        + " retries in its busy handler and do not show); WAL growth while read marks were held: %d"
                        + " bytes; WAL now %d bytes%n",
                s.checkpoints(),
                s.checkpointMs(),
                s.writerWaitingMs(),
                s.walGrowthWhileReadersPinnedBytes(),
                s.walBytes());
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /**
     * One histogram per process in an HdrHistogram log, each tagged {@code pid-N} and spanning the
     * watch ({@code millis} long from {@code startedAt}).
     */
    public static void writeByPid(Path file, Map<Long, Histogram> byPid, Instant startedAt, long millis)
            throws IOException {
        try (PrintStream log = new PrintStream(Files.newOutputStream(file), true, StandardCharsets.UTF_8)) {
            HistogramLogWriter writer = new HistogramLogWriter(log);
            writer.outputLogFormatVersion();
            writer.outputStartTime(startedAt.toEpochMilli());
            writer.outputLegend();
            for (Map.Entry<Long, Histogram> e : byPid.entrySet()) {
                Histogram h = e.getValue().copy();
                h.setTag("pid-" + e.getKey());
                h.setStartTimeStamp(startedAt.toEpochMilli());
                h.setEndTimeStamp(startedAt.toEpochMilli() + millis);
                writer.outputIntervalHistogram(h);
            }
        }
    }

    /** CPU time this process has used so far, for a watch's own cost. */
    public static long cpuNanos() {
        return ProcessHandle.current()
                .info()
                .totalCpuDuration()
                .map(Duration::toNanos)
                .orElse(0L);
    }

    /** {@code watch.json}, {@code holds.hlog} (one histogram per process, tagged {@code pid-N}), and {@code pid-N.hgrm}. */
    public static void write(Path dir, Summary s, Map<Long, Histogram> holds, Instant startedAt) throws IOException {
        Files.createDirectories(dir);
        // Command lines of other processes may carry a password (a URL with user info, --password=...).
        Files.writeString(
                dir.resolve("watch.json"), Secrets.redact(Json.pretty().writeValueAsString(s)), StandardCharsets.UTF_8);
        writeByPid(dir.resolve("holds.hlog"), holds, startedAt, (long) (s.seconds() * 1000));
        for (Map.Entry<Long, Histogram> e : holds.entrySet()) {
            try (PrintStream out = new PrintStream(
                    Files.newOutputStream(dir.resolve("pid-" + e.getKey() + ".hgrm")), true, StandardCharsets.UTF_8)) {
                e.getValue().outputPercentileDistribution(out, 1e6);
            }
        }
    }
}
