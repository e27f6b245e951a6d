package io.lockbench.harness.results;

import io.lockbench.harness.scenario.Durations;
import io.lockbench.harness.scenario.Expectations;
import io.lockbench.harness.scenario.Scenario;
import io.lockbench.harness.scenario.WorkloadSpec;
import io.lockbench.store.config.Secrets;
import java.io.IOException;
import java.io.PrintStream;
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
import java.util.TreeMap;

/**
 * Writes a run's results: {@code run.json}, one {@code .hgrm} percentile distribution per workload,
 * {@code wal.csv} and {@code report.md} ({@code latency.hlog} is written while the run goes).
 */
public final class ResultsWriter {

    private ResultsWriter() {}

    /**
     * Marks a run as started: a {@code run.json} with status {@code incomplete}, replaced at the end. A
     * run that is killed leaves it, so nobody mistakes its partial files for a result.
     */
    public static void started(Scenario scenario, String runId, Instant startedAt, Path dir) throws IOException {
        Files.createDirectories(dir);
        RunFile.started(scenario, runId, startedAt).write(dir.resolve("run.json"));
    }

    public static void write(RunResult result, Path dir, Map<String, org.HdrHistogram.Histogram> latency)
            throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, org.HdrHistogram.Histogram> e : latency.entrySet()) {
            try (PrintStream out =
                    new PrintStream(dir.resolve(e.getKey() + ".hgrm").toFile(), StandardCharsets.UTF_8)) {
                e.getValue().outputPercentileDistribution(out, 1e6);
            }
        }
        StringBuilder csv = new StringBuilder("seconds,wal_bytes,checkpoint_sequence,log_frames,checkpointed_frames\n");
        for (RunResult.WalSample s : result.wal()) {
            csv.append(String.format(
                    Locale.ROOT,
                    "%.3f,%d,%d,%d,%d%n",
                    s.atSeconds(),
                    s.walBytes(),
                    s.checkpointSequence(),
                    s.logFrames(),
                    s.checkpointedFrames()));
        }
        Files.writeString(dir.resolve("wal.csv"), csv);
        Files.writeString(dir.resolve("report.md"), Secrets.redact(SummaryTable.markdown(result)));
        // Last, so a complete run.json means every other file is complete too.
        RunFile.of(result).write(dir.resolve("run.json"));
    }

    private static void putIf(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value instanceof Duration d ? Durations.format(d) : value);
        }
    }

    /** The resolved configuration: every default filled in, every override applied. */
    static Map<String, Object> configuration(Scenario s) {
        Map<String, Object> config = new LinkedHashMap<>();
        Map<String, String> store = new LinkedHashMap<>(s.store().toMap());
        store.remove("path");
        // Only when set, as below: where the run's tables came from is part of what was measured.
        if (s.ownTables() != null && s.ownTables().schema() != null) {
            store.put("schema", s.ownTables().schema().toString());
        }
        if (s.ownTables() != null && s.ownTables().from() != null) {
            store.put("from", s.ownTables().from().toString());
        }
        config.put("store", store);
        Map<String, Object> seed = new LinkedHashMap<>();
        if (s.seed().catalog() != null) {
            seed.put("catalog", s.seed().catalog());
        }
        if (s.seed().sessions() != null) {
            seed.put("sessions", s.seed().sessions());
        }
        if (s.seed().sql() != null) {
            seed.put(
                    "sql",
                    Map.of(
                            "script",
                            s.seed().sql().script().toString(),
                            "executions",
                            s.seed().sql().executions()));
        }
        config.put("seed", seed);
        Map<String, Object> run = new TreeMap<>(Map.of(
                "duration",
                Durations.format(s.run().duration()),
                "warmup",
                Durations.format(s.run().warmup()),
                "sample_interval",
                Durations.format(s.run().sampleInterval()),
                "time_limit",
                Durations.format(s.run().timeLimit())));
        // Only when set, so a run without them reads as before (gate baselines compare configurations key by key).
        if (s.run().minOperations() > 0) {
            run.put("min_operations", s.run().minOperations());
            run.put("max_duration", Durations.format(s.run().maxDuration()));
        }
        config.put("run", run);
        List<Map<String, Object>> workloads = new ArrayList<>();
        for (WorkloadSpec w : s.workloads()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", w.name());
            m.put("type", w.type().configName());
            m.put("threads", w.threads());
            m.put("processes", w.processes());
            m.put("rate", w.rate());
            m.put("start", Durations.format(w.start()));
            m.put("skew", Durations.format(w.skew()));
            m.put("duration", w.duration() == null ? null : Durations.format(w.duration()));
            m.put("operations", w.operations());
            m.put("think", Durations.format(w.think()));
            Map<String, Object> params = new LinkedHashMap<>();
            w.params().forEach((k, v) -> params.put(k, v instanceof Duration d ? Durations.format(d) : v));
            m.put("params", params);
            Map<String, Object> expect = new LinkedHashMap<>();
            Expectations e = w.expect();
            putIf(expect, "max_p99", e.maxP99());
            putIf(expect, "max_lock_wait_p99", e.maxLockWaitP99());
            putIf(expect, "max_busy", e.maxBusy());
            putIf(expect, "max_errors", e.maxErrors());
            putIf(expect, "max_inconsistent", e.maxInconsistent());
            putIf(expect, "max_finish_spread", e.maxFinishSpread());
            m.put("expect", expect);
            workloads.add(m);
        }
        config.put("workloads", workloads);
        return config;
    }
}
