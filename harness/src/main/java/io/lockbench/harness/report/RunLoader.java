package io.lockbench.harness.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import io.lockbench.harness.results.IntervalCounters;
import io.lockbench.harness.results.RunFile;
import io.lockbench.harness.results.RunResult;
import io.lockbench.harness.text.BoundedFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/** Reads the results directory of a run (or its {@code run.json}) back for reports, refusing files it cannot trust. */
public final class RunLoader {

    /** Far above what a run writes; reading stops there instead of exhausting the heap. */
    static final long MAX_LOG_BYTES = 1L << 30;

    static final String INTERVALS_HEADER = "seconds,workload,attempted,ok,busy,other_errors,inconsistent";

    private RunLoader() {}

    public static LoadedRun load(Path path) throws IOException {
        Path dir = Files.isDirectory(path) ? path : path.toAbsolutePath().getParent();
        if (Files.isSymbolicLink(dir)) {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null && !dir.toRealPath().startsWith(parent.toRealPath())) {
                throw new ReportException(dir + ": a link to " + dir.toRealPath() + ", outside " + parent
                        + "; give the results directory itself");
            }
        }
        Path runJson = dir.resolve("run.json");
        if (!Files.exists(runJson)) {
            throw new ReportException(path + ": no run.json here; give a results directory such as results/<run-id>");
        }
        RunFile run;
        try {
            run = RunFile.read(runJson);
        } catch (BoundedFiles.UnreadableFileException e) {
            throw new ReportException(e.getMessage());
        }
        if (!run.complete()) {
            throw new ReportException(
                    runJson + ": the run did not finish (status " + run.status() + "); its numbers would mislead");
        }
        Map<String, Histogram> totals = new TreeMap<>();
        Map<String, List<double[]>> p99 = new TreeMap<>();
        readHistogramLog(dir.resolve("latency.hlog"), totals, p99);
        Map<String, List<double[]>> busy = busyPerInterval(dir.resolve("intervals.csv"));
        List<double[]> wal = new ArrayList<>();
        if (run.wal() != null) {
            run.wal().forEach(s -> wal.add(new double[] {s.atSeconds(), s.walBytes() / 1e6}));
        }
        Map<String, RunResult.WorkloadSummary> workloads = new LinkedHashMap<>();
        run.workloads().forEach(w -> workloads.put(w.name(), w));
        return new LoadedRun(run.runId(), dir, run, workloads, run.flatConfiguration(), totals, p99, busy, wal);
    }

    /** A per-interval log of the run, capped; a file that is not one is a report error naming it. */
    private static byte[] readLog(Path file) throws IOException {
        try {
            return BoundedFiles.read(file, MAX_LOG_BYTES);
        } catch (BoundedFiles.UnreadableFileException e) {
            throw new ReportException(e.getMessage());
        }
    }

    private static void readHistogramLog(Path hlog, Map<String, Histogram> totals, Map<String, List<double[]>> p99)
            throws IOException {
        if (!Files.exists(hlog)) {
            return;
        }
        byte[] bytes = readLog(hlog);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        if (end < bytes.length) {
            // A run that was killed, or a copy cut short, leaves a last line half written: the intervals before
            // it are whole and still reported.
            System.err.println("lockbench report: " + hlog + " ends in a cut line (" + (bytes.length - end)
                    + " bytes); its last interval is left out");
            bytes = java.util.Arrays.copyOf(bytes, end);
        }
        try {
            HistogramLogReader reader = new HistogramLogReader(new ByteArrayInputStream(bytes));
            for (EncodableHistogram e = reader.nextIntervalHistogram(); e != null; e = reader.nextIntervalHistogram()) {
                if (!(e instanceof Histogram h) || h.getTag() == null) {
                    throw new ReportException(
                            hlog + ": an interval without a <workload>.<metric> tag; not a lockbench log");
                }
                totals.computeIfAbsent(h.getTag(), t -> new Histogram(3)).add(h);
                if (h.getTotalCount() > 0) {
                    double at = h.getEndTimeStamp() / 1000.0 - reader.getStartTimeSec();
                    p99.computeIfAbsent(h.getTag(), t -> new ArrayList<>())
                            .add(new double[] {at, h.getValueAtPercentile(99) / 1e6});
                }
            }
        } catch (RuntimeException e) {
            if (e instanceof ReportException) {
                throw e;
            }
            throw new ReportException(
                    hlog + ": not a readable HdrHistogram log (" + e.getClass().getSimpleName() + ")");
        }
        if (totals.isEmpty() && bytes.length > 0) {
            throw new ReportException(hlog + ": holds no interval histogram; not a lockbench log");
        }
    }

    /** BUSY errors per sample and workload, from the cumulative counters of {@code intervals.csv}. */
    private static Map<String, List<double[]>> busyPerInterval(Path intervals) throws IOException {
        Map<String, List<double[]>> busy = new TreeMap<>();
        if (!Files.exists(intervals)) {
            return busy;
        }
        byte[] bytes = readLog(intervals);
        Map<String, Long> previous = new LinkedHashMap<>();
        try (MappingIterator<IntervalCounters> rows = IntervalCounters.CSV
                .readerFor(IntervalCounters.class)
                .with(IntervalCounters.SCHEMA)
                .readValues(bytes)) {
            while (rows.hasNextValue()) {
                IntervalCounters row = rows.nextValue();
                if (row.workload() == null || !Double.isFinite(row.seconds()) || row.busy() < 0) {
                    throw new ReportException(
                            intervals + ":" + rows.getCurrentLocation().getLineNr() + ": expected " + INTERVALS_HEADER
                                    + " with counts >= 0");
                }
                long delta = row.busy() - previous.getOrDefault(row.workload(), 0L);
                previous.put(row.workload(), row.busy());
                busy.computeIfAbsent(row.workload(), k -> new ArrayList<>()).add(new double[] {row.seconds(), delta});
            }
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ReportException(intervals + ":" + line + ": expected " + INTERVALS_HEADER + " ("
                    + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
        }
        return busy;
    }
}
