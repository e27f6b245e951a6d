package io.lockbench.harness.report;

import io.lockbench.harness.results.RunResult.WorkloadSummary;
import io.lockbench.harness.text.Csv;
import io.lockbench.harness.text.Markdown;
import io.lockbench.harness.text.MarkdownTable;
import io.lockbench.harness.text.Millis;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Any number of runs (and JMH result files) side by side: what differs in their configuration, a
 * verdict per workload, the percentiles, BUSY counts by code and phase. Markdown for people and CI
 * job summaries, CSV for spreadsheets; {@link HtmlReport} adds the charts.
 */
public final class ComparisonReport {

    static final String[] METRICS = {"latency", "success", "failure", "lock_wait", "connection_wait", "hold"};
    static final String[] STATS = {"p50", "p90", "p99", "p999", "max"};

    private final List<LoadedRun> runs;
    private final List<JmhResults> jmh;
    private final List<WatchResults> watches;

    public ComparisonReport(List<LoadedRun> runs, List<JmhResults> jmh) {
        this(runs, jmh, List.of());
    }

    public ComparisonReport(List<LoadedRun> runs, List<JmhResults> jmh, List<WatchResults> watches) {
        this.runs = List.copyOf(runs);
        this.jmh = List.copyOf(jmh);
        this.watches = List.copyOf(watches);
    }

    List<WatchResults> watches() {
        return watches;
    }

    List<LoadedRun> runs() {
        return runs;
    }

    List<JmhResults> jmh() {
        return jmh;
    }

    /** Configuration keys whose values are not the same in every run. */
    public Set<String> differingKeys() {
        Set<String> keys = new TreeSet<>();
        runs.forEach(r -> keys.addAll(r.configuration().keySet()));
        keys.removeIf(k -> runs.stream()
                        .map(r -> r.configuration().getOrDefault(k, "—"))
                        .distinct()
                        .count()
                <= 1);
        return keys;
    }

    /** Workload names in the order of first appearance. */
    public List<String> workloadNames() {
        Set<String> names = new LinkedHashSet<>();
        runs.forEach(r -> names.addAll(r.workloads().keySet()));
        return new ArrayList<>(names);
    }

    static double stat(WorkloadSummary workload, String metric, String stat) {
        return workload.stats(metric).value(stat);
    }

    /**
     * One sentence per workload that appears in several runs. Failures decide first (an operation
     * that failed fast with BUSY also looks fast); among runs with the fewest failures, the lowest p99
     * latency wins.
     */
    public List<String> verdicts() {
        List<String> lines = new ArrayList<>();
        for (String name : workloadNames()) {
            List<LoadedRun> with =
                    runs.stream().filter(r -> r.workloads().containsKey(name)).toList();
            if (with.size() < 2) {
                continue;
            }
            if (with.stream().allMatch(r -> r.workloads().get(name).attempted() == 0)) {
                lines.add(name + ": no operations in any run");
                continue;
            }
            with = with.stream()
                    .filter(r -> r.workloads().get(name).attempted() > 0)
                    .toList();
            if (with.size() < 2) {
                lines.add(name + ": operations only in " + with.get(0).id() + "; no operations in the other runs");
                continue;
            }
            LoadedRun best = with.get(0);
            for (LoadedRun r : with) {
                WorkloadSummary a = r.workloads().get(name);
                WorkloadSummary b = best.workloads().get(name);
                if (bad(a) < bad(b) || (bad(a) == bad(b) && stat(a, "latency", "p99") < stat(b, "latency", "p99"))) {
                    best = r;
                }
            }
            WorkloadSummary b = best.workloads().get(name);
            boolean failuresDiffer = with.stream()
                            .map(r -> bad(r.workloads().get(name)))
                            .distinct()
                            .count()
                    > 1;
            StringBuilder line = new StringBuilder(name + ": ");
            if (failuresDiffer) {
                line.append(best.id())
                        .append(" has the fewest failures (")
                        .append(counts(b))
                        .append(")");
                for (LoadedRun r : with) {
                    if (!r.id().equals(best.id())) {
                        line.append("; ")
                                .append(r.id())
                                .append(": ")
                                .append(counts(r.workloads().get(name)));
                    }
                }
                line.append(". p99 latency ")
                        .append(best.id())
                        .append(' ')
                        .append(Millis.format(stat(b, "latency", "p99")));
                for (LoadedRun r : with) {
                    if (!r.id().equals(best.id())) {
                        line.append(", ")
                                .append(r.id())
                                .append(' ')
                                .append(Millis.format(stat(r.workloads().get(name), "latency", "p99")));
                    }
                }
                line.append(" (failed operations end early, so compare latency only between runs without failures)");
            } else {
                line.append("lowest p99 latency in ")
                        .append(best.id())
                        .append(": ")
                        .append(Millis.format(stat(b, "latency", "p99")));
                for (LoadedRun r : with) {
                    if (!r.id().equals(best.id())) {
                        double other = stat(r.workloads().get(name), "latency", "p99");
                        line.append(String.format(
                                Locale.ROOT,
                                "; %s %s (%.1f× higher)",
                                r.id(),
                                Millis.format(other),
                                other / Math.max(1e-6, stat(b, "latency", "p99"))));
                    }
                }
                line.append(
                        bad(b) == 0
                                ? "; no failures in any run"
                                : "; same failure count in every run (" + counts(b) + ")");
            }
            lines.add(line.toString());
        }
        return lines;
    }

    private static long bad(WorkloadSummary w) {
        return w.failures() + w.inconsistent();
    }

    private static String counts(WorkloadSummary w) {
        return String.format(
                Locale.ROOT,
                "%d BUSY, %d other errors, %d inconsistent reads",
                w.busy(),
                w.otherErrors(),
                w.inconsistent());
    }

    /**
     * What happened to one workload's operations in one run, in a sentence: how many succeeded, how
     * many failed and how, and how long each kind took at p99 (a configuration that fails fast looks
     * fast if only successes are timed).
     */
    public static String outcome(WorkloadSummary w) {
        if (w.attempted() == 0) {
            return "no operations";
        }
        StringBuilder s = new StringBuilder(String.format(
                Locale.ROOT, "%d operations: %d ok (%s)", w.attempted(), w.ok(), share(w.ok(), w.attempted())));
        if (w.busy() > 0) {
            s.append(String.format(Locale.ROOT, ", %d BUSY (%s)", w.busy(), share(w.busy(), w.attempted())));
        }
        if (w.otherErrors() > 0) {
            s.append(String.format(
                    Locale.ROOT, ", %d other errors (%s)", w.otherErrors(), share(w.otherErrors(), w.attempted())));
        }
        if (w.inconsistent() > 0) {
            s.append(String.format(Locale.ROOT, ", %d inconsistent reads", w.inconsistent()));
        }
        s.append("; p99 of successes ").append(w.ok() == 0 ? "–" : Millis.format(stat(w, "success", "p99")));
        if (w.failures() > 0) {
            s.append(", p99 time to failure ").append(Millis.format(stat(w, "failure", "p99")));
        }
        return s.toString();
    }

    private static String share(long part, long whole) {
        return String.format(Locale.ROOT, "%.0f%%", 100.0 * part / whole);
    }

    public String markdown() {
        StringBuilder md = new StringBuilder("# lockbench report\n\n");
        if (!runs.isEmpty()) {
            md.append("Runs: ")
                    .append(String.join(
                            ", ",
                            runs.stream()
                                    .map(r -> Markdown.code(r.id()) + " ("
                                            + Markdown.inline(r.run().scenario()) + ")")
                                    .toList()))
                    .append("\n\n");
            Set<String> keys = differingKeys();
            if (runs.size() > 1) {
                md.append("## What differs\n\n");
                if (keys.isEmpty()) {
                    md.append("Nothing: the runs have the same configuration.\n\n");
                } else {
                    MarkdownTable differs = MarkdownTable.of("key");
                    runs.forEach(r -> differs.column(Markdown.inline(r.id()), MarkdownTable.Align.LEFT));
                    for (String k : keys) {
                        List<Object> row = new ArrayList<>();
                        row.add(Markdown.inline(k));
                        runs.forEach(
                                r -> row.add(Markdown.inline(r.configuration().getOrDefault(k, "—"))));
                        differs.row(row.toArray());
                    }
                    md.append(differs.render()).append('\n');
                }
                List<String> verdicts = verdicts();
                if (!verdicts.isEmpty()) {
                    md.append("## At a glance\n\n");
                    verdicts.forEach(
                            v -> md.append("- ").append(Markdown.inline(v)).append('\n'));
                    md.append('\n');
                }
            }
            md.append("## Outcomes\n\n");
            for (String name : workloadNames()) {
                for (LoadedRun r : runs) {
                    WorkloadSummary w = r.workloads().get(name);
                    if (w != null) {
                        md.append("- ")
                                .append(Markdown.inline(name))
                                .append(", ")
                                .append(Markdown.inline(r.id()))
                                .append(": ")
                                .append(Markdown.inline(outcome(w)))
                                .append('\n');
                    }
                }
            }
            md.append('\n');
            md.append(
                    "## Workloads\n\nmilliseconds; lock wait = in SQLite's busy handler (on PostgreSQL: sampled from pg_locks every 5 ms), conn wait = waiting for a connection,"
                            + " hold = longest write transaction of an operation\n\n");
            MarkdownTable table = MarkdownTable.of(
                            "workload",
                            "run",
                            "ops",
                            "ops/s",
                            "p50",
                            "p90",
                            "p99",
                            "p99.9",
                            "max",
                            "lock wait p99",
                            "lock wait max",
                            "conn wait p99",
                            "hold p99",
                            "hold max",
                            "BUSY",
                            "errors",
                            "inconsistent")
                    .alignFrom(2, MarkdownTable.Align.RIGHT);
            for (String name : workloadNames()) {
                for (LoadedRun r : runs) {
                    WorkloadSummary w = r.workloads().get(name);
                    if (w == null) {
                        continue;
                    }
                    table.row(
                            Markdown.inline(name),
                            Markdown.inline(r.id()),
                            w.attempted(),
                            String.format(Locale.ROOT, "%.1f", w.operationsPerSecond()),
                            num(stat(w, "latency", "p50")),
                            num(stat(w, "latency", "p90")),
                            num(stat(w, "latency", "p99")),
                            num(stat(w, "latency", "p999")),
                            num(stat(w, "latency", "max")),
                            num(stat(w, "lock_wait", "p99")),
                            num(stat(w, "lock_wait", "max")),
                            num(stat(w, "connection_wait", "p99")),
                            hold(w, "p99"),
                            hold(w, "max"),
                            w.busy(),
                            w.otherErrors(),
                            w.inconsistent());
                }
            }
            md.append(table.render()).append('\n');
            MarkdownTable busy =
                    MarkdownTable.of("workload", "run", "code/phase", "count").align(3, MarkdownTable.Align.RIGHT);
            for (String name : workloadNames()) {
                for (LoadedRun r : runs) {
                    WorkloadSummary w = r.workloads().get(name);
                    if (w != null) {
                        w.busyByCodeAndPhase()
                                .entrySet()
                                .forEach(e -> busy.row(
                                        Markdown.inline(name),
                                        Markdown.inline(r.id()),
                                        Markdown.inline(e.getKey()),
                                        e.getValue()));
                    }
                }
            }
            if (!busy.isEmpty()) {
                md.append("## BUSY by code and phase\n\n").append(busy.render()).append('\n');
            }
        }
        if (!jmh.isEmpty()) {
            md.append("## JMH\n\n");
            MarkdownTable benchmarks = MarkdownTable.of(
                            "file", "benchmark", "mode", "params", "threads", "score", "±", "unit")
                    .alignFrom(4, MarkdownTable.Align.RIGHT)
                    .align(7, MarkdownTable.Align.LEFT);
            for (JmhResults file : jmh) {
                for (JmhResults.Benchmark b : file.benchmarks()) {
                    benchmarks.row(
                            Markdown.inline(file.file().getFileName().toString()),
                            Markdown.inline(b.name()),
                            Markdown.inline(b.mode()),
                            Markdown.inline(b.params()),
                            b.threads(),
                            String.format(Locale.ROOT, "%.3f", b.score()),
                            String.format(Locale.ROOT, "%.3f", b.error()),
                            Markdown.inline(b.unit()));
                }
            }
            md.append(benchmarks.render()).append('\n');
        }
        if (!watches.isEmpty()) {
            md.append("## Write-lock holds seen by lockbench watch\n\n");
            MarkdownTable holds = MarkdownTable.of(
                            "watch", "pid", "holds", "p50 ms", "p99 ms", "max ms", "total ms", "command")
                    .alignFrom(1, MarkdownTable.Align.RIGHT)
                    .align(7, MarkdownTable.Align.LEFT);
            for (WatchResults w : watches) {
                for (io.lockbench.harness.watch.WatchReport.ProcessHolds p :
                        w.summary().writeLockHolds()) {
                    holds.row(
                            Markdown.inline(w.id()),
                            p.pid(),
                            p.holds(),
                            String.format(Locale.ROOT, "%.2f", p.p50Ms()),
                            String.format(Locale.ROOT, "%.2f", p.p99Ms()),
                            String.format(Locale.ROOT, "%.2f", p.maxMs()),
                            String.format(Locale.ROOT, "%.2f", p.totalMs()),
                            Markdown.inline(p.command()));
                }
            }
            md.append(holds.render()).append('\n');
            for (WatchResults w : watches) {
                md.append(String.format(
                        Locale.ROOT,
                        "- `%s`: %s, %.1f s, %d samples every %.3f ms; %s.%n",
                        Markdown.inline(w.id()),
                        Markdown.inline(w.summary().database()),
                        w.summary().seconds(),
                        w.summary().samples(),
                        w.summary().intervalMs(),
                        Markdown.inline(w.summary().resolution())));
                if (w.summary().locksNotVisible()) {
                    md.append("  - **locks not visible**: ")
                            .append(Markdown.inline(
                                    w.summary().locksNotVisibleReason() == null
                                            ? "no process showed a lock on the database while it was in use"
                                            : w.summary().locksNotVisibleReason()))
                            .append(" — the holds above are not the whole truth.\n");
                }
                if (w.summary().databaseChanged() != null) {
                    md.append("  - ")
                            .append(Markdown.inline(w.summary().databaseChanged()))
                            .append(".\n");
                }
            }
            md.append('\n');
        }
        return md.toString();
    }

    /**
     * One row per workload and run, then one per JMH score, all under one header: the JMH rows fill the
     * identifying columns and {@code score}, {@code score_error}, {@code score_unit}, and leave the
     * run-only columns empty.
     */
    public String csv() {
        Set<String> keys = differingKeys();
        List<String> header = new ArrayList<>(List.of("run", "scenario", "workload", "type", "ops", "ops_per_second"));
        for (String metric : METRICS) {
            for (String stat : STATS) {
                header.add(metric + "_" + stat + "_ms");
            }
        }
        header.addAll(List.of("busy", "other_errors", "inconsistent"));
        header.addAll(keys);
        header.addAll(List.of("score", "score_error", "score_unit"));
        StringBuilder csv = new StringBuilder();
        row(csv, header);
        for (LoadedRun r : runs) {
            for (Map.Entry<String, WorkloadSummary> e : r.workloads().entrySet()) {
                WorkloadSummary w = e.getValue();
                List<String> row = new ArrayList<>(List.of(
                        r.id(),
                        r.run().scenario(),
                        e.getKey(),
                        w.type(),
                        Long.toString(w.attempted()),
                        Double.toString(w.operationsPerSecond())));
                for (String metric : METRICS) {
                    for (String stat : STATS) {
                        row.add(Double.toString(stat(w, metric, stat)));
                    }
                }
                row.addAll(List.of(
                        Long.toString(w.busy()), Long.toString(w.otherErrors()), Long.toString(w.inconsistent())));
                keys.forEach(k -> row.add(r.configuration().getOrDefault(k, "")));
                row.addAll(List.of("", "", ""));
                row(csv, row);
            }
        }
        for (JmhResults file : jmh) {
            for (JmhResults.Benchmark b : file.benchmarks()) {
                List<String> row = new ArrayList<>(List.of(
                        file.file().getFileName().toString(), "jmh", (b.name() + " " + b.params()).strip(), b.mode()));
                while (row.size() < header.size() - 3) {
                    row.add("");
                }
                row.addAll(List.of(Double.toString(b.score()), Double.toString(b.error()), b.unit()));
                row(csv, row);
            }
        }
        // A watch's holds per process fill the hold columns; ops is the number of holds seen.
        for (WatchResults w : watches) {
            for (io.lockbench.harness.watch.WatchReport.ProcessHolds p :
                    w.summary().writeLockHolds()) {
                List<String> row = new ArrayList<>(
                        List.of(w.id(), "watch", "pid-" + p.pid(), "write-lock-holds", Long.toString(p.holds()), ""));
                for (String metric : METRICS) {
                    for (String stat : STATS) {
                        row.add(
                                !metric.equals("hold")
                                        ? ""
                                        : switch (stat) {
                                            case "p50" -> Double.toString(p.p50Ms());
                                            case "p99" -> Double.toString(p.p99Ms());
                                            case "max" -> Double.toString(p.maxMs());
                                            default -> "";
                                        });
                    }
                }
                while (row.size() < header.size()) {
                    row.add("");
                }
                row(csv, row);
            }
        }
        return csv.toString();
    }

    private static void row(StringBuilder csv, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            csv.append(i == 0 ? "" : ",").append(Csv.field(fields.get(i)));
        }
        csv.append('\n');
    }

    private static String hold(WorkloadSummary w, String stat) {
        return w.stats("hold").count() == 0 ? "–" : num(stat(w, "hold", stat));
    }

    static String num(double millis) {
        return millis >= 100
                ? String.format(Locale.ROOT, "%.0f", millis)
                : millis >= 1 ? String.format(Locale.ROOT, "%.1f", millis) : String.format(Locale.ROOT, "%.3f", millis);
    }
}
