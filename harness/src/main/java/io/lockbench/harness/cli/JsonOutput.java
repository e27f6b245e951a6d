package io.lockbench.harness.cli;

import io.lockbench.harness.gate.GateDesign;
import io.lockbench.harness.gate.GateResult;
import io.lockbench.harness.gate.Verdict;
import io.lockbench.harness.json.Json;
import io.lockbench.harness.report.ComparisonReport;
import io.lockbench.harness.report.LoadedRun;
import io.lockbench.harness.report.WatchResults;
import io.lockbench.harness.results.BuildInfo;
import io.lockbench.harness.results.RunResult;
import io.lockbench.harness.results.RunResult.WorkloadSummary;
import io.lockbench.harness.watch.WatchReport;
import io.lockbench.store.Database;
import io.lockbench.store.config.Secrets;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The documents {@code --json} prints on stdout in place of the tables, one per command invocation. Every
 * one opens with {@code "kind"} (the command), {@code "schema"} (1: fields are only ever added within a
 * schema number) and {@code "lockbench"} (version and commit); figures are milliseconds where the name
 * ends in {@code _ms}, and a figure that was not measured is {@code null}, never NaN. docs/commands.md's "JSON
 * output" section describes each kind; {@code JsonOutputTest} pins the fields.
 */
final class JsonOutput {

    static final int SCHEMA = 1;

    private JsonOutput() {}

    /** The common opening of every document. */
    private static Map<String, Object> document(String kind) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("kind", kind);
        doc.put("schema", SCHEMA);
        BuildInfo build = BuildInfo.current();
        doc.put("lockbench", Map.of("version", build.version(), "commit", build.commit()));
        return doc;
    }

    static void print(PrintWriter out, Map<String, Object> doc) {
        try {
            out.println(Secrets.redact(Json.pretty().writeValueAsString(doc)));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A finished run of one scenario, for {@link #run}. */
    record FinishedRun(RunResult result, Path dir) {}

    static Map<String, Object> run(List<FinishedRun> runs) {
        Map<String, Object> doc = document("run");
        doc.put("passed", runs.stream().allMatch(r -> r.result().passed()));
        List<Object> list = new ArrayList<>();
        for (FinishedRun r : runs) {
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("run_id", r.result().runId());
            run.put("scenario", r.result().scenario().name());
            run.put("results_dir", r.dir().toString());
            run.put("passed", r.result().passed());
            run.put("seconds", Json.finite(r.result().seconds()));
            run.put(
                    "workloads",
                    r.result().workloads().stream().map(JsonOutput::workload).toList());
            list.add(run);
        }
        doc.put("runs", list);
        return doc;
    }

    static Map<String, Object> report(ComparisonReport report, Path dir) {
        Map<String, Object> doc = document("report");
        doc.put("report_dir", dir.toString());
        doc.put("differing_keys", report.runs().size() > 1 ? report.differingKeys() : List.of());
        doc.put("verdicts", report.runs().size() > 1 ? report.verdicts() : List.of());
        List<Object> runs = new ArrayList<>();
        for (LoadedRun r : report.runs()) {
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("run_id", r.id());
            run.put("results_dir", r.dir().toString());
            Map<String, String> differing = new LinkedHashMap<>();
            if (report.runs().size() > 1) {
                report.differingKeys()
                        .forEach(k -> differing.put(k, r.configuration().get(k)));
            }
            run.put("differing_configuration", differing);
            run.put(
                    "workloads",
                    r.workloads().values().stream().map(JsonOutput::workload).toList());
            runs.add(run);
        }
        doc.put("runs", runs);
        List<Object> watches = new ArrayList<>();
        for (WatchResults w : report.watches()) {
            Map<String, Object> watch = new LinkedHashMap<>();
            watch.put("dir", w.dir().toString());
            watch.put("database", w.summary().database());
            watch.put("seconds", Json.finite(w.summary().seconds()));
            List<Object> holders = new ArrayList<>();
            for (WatchReport.ProcessHolds p : w.summary().writeLockHolds()) {
                Map<String, Object> holder = new LinkedHashMap<>();
                holder.put("pid", p.pid());
                holder.put("command", p.command());
                holder.put("holds", p.holds());
                holder.put("p50_ms", Json.finite(p.p50Ms()));
                holder.put("p99_ms", Json.finite(p.p99Ms()));
                holder.put("max_ms", Json.finite(p.maxMs()));
                holder.put("total_ms", Json.finite(p.totalMs()));
                holders.add(holder);
            }
            watch.put("write_lock_holds", holders);
            watches.add(watch);
        }
        doc.put("watches", watches);
        return doc;
    }

    static Map<String, Object> sweep(Path dir, Map<String, Object> sweep) {
        Map<String, Object> doc = document("sweep");
        doc.put("results_dir", dir.toString());
        doc.putAll(sweep);
        return doc;
    }

    static Map<String, Object> gate(GateResult g, Path out) {
        Map<String, Object> doc = document("gate");
        doc.put("verdict", g.verdict().name());
        doc.put("exit_code", g.verdict().exitCode());
        doc.put("scenario", g.scenario());
        doc.put("baseline", g.baselineLabel());
        doc.put("candidate", g.candidateLabel());
        doc.put("baseline_blocks", g.baselineBlocks());
        doc.put("candidate_blocks", g.candidateBlocks());
        doc.put("looks", g.look());
        doc.put("stopped_because", g.stop());
        // PASS with undecided rows: every exact count passed and no undecided row leaned past its limit.
        doc.put(
                "passed_on_counts",
                g.verdict() == Verdict.PASS && g.entries().stream().anyMatch(e -> e.verdict() == Verdict.INCONCLUSIVE));
        doc.put("seconds", Json.finite(g.seconds()));
        doc.put("blocks_under_load", g.blocksUnderLoad().size());
        doc.put("notes", g.notes());
        doc.put("out_dir", out.toString());
        List<Object> comparisons = new ArrayList<>();
        for (GateDesign.Comparison e : g.entries()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("workload", e.workload());
            c.put("metric", e.metric());
            c.put("verdict", e.verdict().name());
            c.put("baseline_p99_ms", Json.finite(e.estimate().baselineP99Ms()));
            c.put("candidate_p99_ms", Json.finite(e.estimate().candidateP99Ms()));
            c.put("ratio", Json.finite(e.estimate().ratio()));
            c.put("tier", e.tier());
            c.put("interval", Arrays.asList(finiteOrNull(e.low()), finiteOrNull(e.high())));
            c.put("detectable_increase", Json.finite(e.detectable()));
            c.put("reason", e.reason());
            c.put("leans_past_limit", e.verdict() == Verdict.INCONCLUSIVE && e.leans());
            comparisons.add(c);
        }
        doc.put("comparisons", comparisons);
        return doc;
    }

    static Map<String, Object> diagnose(Database.Diagnosis d) {
        Map<String, Object> doc = document("diagnose");
        doc.put("database", d.database().toString());
        doc.put("description", d.description());
        doc.put("file_bytes", d.fileBytes());
        doc.put("wal_bytes", d.walBytes().isPresent() ? d.walBytes().getAsLong() : null);
        doc.put("sqlite_version", d.sqliteVersion());
        doc.put("pragmas", d.pragmas());
        Map<String, Object> lock = new LinkedHashMap<>();
        lock.put("state", d.writeLock().state().name().toLowerCase(java.util.Locale.ROOT));
        lock.put("tested_ms", Json.finite(d.writeLock().millis()));
        lock.put("detail", d.writeLock().detail());
        doc.put("write_lock", lock);
        doc.put("compile_options", d.compileOptions());
        return doc;
    }

    /** One workload's figures, the same in {@code run} and {@code report}. */
    static Map<String, Object> workload(WorkloadSummary w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", w.name());
        m.put("type", w.type());
        m.put("threads", w.threads());
        m.put("passed", w.passed());
        m.put("operations", w.attempted());
        m.put("ok", w.ok());
        m.put("busy", w.busy());
        m.put("busy_share", w.attempted() == 0 ? null : (double) w.busy() / w.attempted());
        m.put("other_errors", w.otherErrors());
        m.put("inconsistent", w.inconsistent());
        m.put("operations_per_second", Json.finite(w.operationsPerSecond()));
        m.put("busy_by_code_and_phase", w.busyByCodeAndPhase());
        Map<String, Object> millis = new LinkedHashMap<>();
        w.millis().forEach((metric, s) -> {
            Map<String, Object> stats = new LinkedHashMap<>();
            stats.put("count", s.count());
            stats.put("mean", Json.finite(s.mean()));
            stats.put("p50", Json.finite(s.p50()));
            stats.put("p90", Json.finite(s.p90()));
            stats.put("p99", Json.finite(s.p99()));
            stats.put("p999", Json.finite(s.p999()));
            stats.put("max", Json.finite(s.max()));
            millis.put(metric, stats);
        });
        m.put("ms", millis);
        List<Object> checks = new ArrayList<>();
        for (RunResult.Check c : w.checks()) {
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("rule", c.rule());
            check.put("limit", c.limit());
            check.put("actual", c.actual());
            check.put("passed", c.passed());
            checks.add(check);
        }
        m.put("expectations", checks);
        return m;
    }

    /** An interval bound: 0 and infinity mean "no bound" there. */
    private static Double finiteOrNull(double value) {
        return Double.isFinite(value) && value > 0 ? value : null;
    }
}
