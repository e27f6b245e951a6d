package io.lockbench.harness.report;

import static io.lockbench.harness.report.ComparisonReport.hold;
import static io.lockbench.harness.report.ComparisonReport.num;
import static io.lockbench.harness.report.ComparisonReport.stat;

import io.lockbench.harness.results.RunResult.WorkloadSummary;
import io.lockbench.harness.text.Markdown;
import io.lockbench.harness.text.MarkdownTable;
import io.lockbench.harness.text.Millis;
import io.lockbench.harness.watch.WatchReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** A {@link ComparisonReport} in Markdown: one method per section, in the order a reader meets them. */
final class MarkdownReport {

    private final ComparisonReport report;
    private final StringBuilder md = new StringBuilder("# lockbench report\n\n");

    MarkdownReport(ComparisonReport report) {
        this.report = report;
    }

    String render() {
        if (!report.runs().isEmpty()) {
            runs();
            verdict();
            if (report.runs().size() > 1) {
                atAGlance();
            }
            outcomes();
            workloads();
            busyByCodeAndPhase();
            if (report.runs().size() > 1) {
                whatDiffers();
            }
        }
        if (!report.sweeps().isEmpty()) {
            sweeps();
        }
        if (!report.jmh().isEmpty()) {
            jmh();
        }
        if (!report.watches().isEmpty()) {
            watchedHolds();
        }
        return md.toString();
    }

    private void runs() {
        for (LoadedRun r : report.runs()) {
            md.append("- ")
                    .append(Markdown.code(r.id()))
                    .append(" (")
                    .append(Markdown.inline(r.run().scenario()))
                    .append("): ")
                    .append(Markdown.inline(ComparisonReport.where(r)))
                    .append('\n');
        }
        md.append('\n');
    }

    /** The figures a reader wants first: BUSY share, worst hold, p99 wait, p99 latency, and what failed. */
    private void verdict() {
        md.append("## Verdict\n\n");
        for (LoadedRun r : report.runs()) {
            md.append("- **")
                    .append(Markdown.inline(r.id()))
                    .append("**: ")
                    .append(Markdown.inline(ComparisonReport.runHeadline(r)))
                    .append('\n');
        }
        md.append('\n');
        MarkdownTable table = MarkdownTable.of(
                        "workload", "run", "BUSY share", "worst hold", "p99 wait", "p99 latency", "result")
                .alignFrom(2, MarkdownTable.Align.RIGHT)
                .align(6, MarkdownTable.Align.LEFT);
        for (String name : report.workloadNames()) {
            for (ComparisonReport.Headline h : report.headlines(name)) {
                table.row(
                        Markdown.inline(name),
                        Markdown.inline(h.run()),
                        String.format(Locale.ROOT, "%.1f%%", 100 * h.busyShare()),
                        Double.isNaN(h.worstHoldMs()) ? "–" : Millis.format(h.worstHoldMs()),
                        Millis.format(h.p99WaitMs()),
                        Millis.format(h.p99LatencyMs()),
                        h.failed()
                                ? "✗ **failed**: " + Markdown.inline(String.join("; ", h.why()))
                                : h.operations() == 0 ? "no operations" : "✓ passed");
            }
        }
        md.append(table.render()).append('\n');
    }

    private void whatDiffers() {
        Set<String> keys = report.differingKeys();
        md.append("## What differs\n\n");
        if (keys.isEmpty()) {
            md.append("Nothing: the runs have the same configuration.\n\n");
            return;
        }
        List<String> settings = report.differingSettings();
        List<String> rules = report.differingExpectations();
        if (!settings.isEmpty()) {
            md.append(differing(settings)).append('\n');
        }
        if (!rules.isEmpty()) {
            // Folded: expectations say what was checked, not what was run, and would push the settings away.
            md.append("<details><summary>")
                    .append(rules.size())
                    .append(" expect: rules differ</summary>\n\n")
                    .append(differing(rules))
                    .append("\n</details>\n\n");
        }
    }

    private String differing(List<String> keys) {
        MarkdownTable differs = MarkdownTable.of("key");
        report.runs().forEach(r -> differs.column(Markdown.inline(r.id()), MarkdownTable.Align.LEFT));
        for (String k : keys) {
            List<Object> row = new ArrayList<>();
            row.add(Markdown.inline(k));
            report.runs().forEach(r -> row.add(Markdown.inline(r.configuration().getOrDefault(k, "—"))));
            differs.row(row.toArray());
        }
        return differs.render();
    }

    private void sweeps() {
        for (SweepResults sweep : report.sweeps()) {
            md.append("## Sweep ").append(Markdown.code(sweep.id())).append("\n\n");
            MarkdownTable points = MarkdownTable.of(
                            "point", "imports/s", "objective p99", "concurrent p99", "failures", "recommended")
                    .alignFrom(1, MarkdownTable.Align.RIGHT);
            for (var p : sweep.sweep().path("points")) {
                points.row(
                        Markdown.inline(p.path("run_id").asText()),
                        String.format(
                                Locale.ROOT,
                                "%.2f",
                                p.path("imports_per_second").asDouble()),
                        p.path("objective_ms").isNumber()
                                ? Millis.format(p.path("objective_ms").asDouble())
                                : "–",
                        p.path("concurrent_p99_ms").isNumber()
                                ? Millis.format(p.path("concurrent_p99_ms").asDouble())
                                : "–",
                        p.path("failures").asLong(),
                        p.path("recommended").asBoolean() ? "**✓**" : "");
            }
            md.append(points.render()).append('\n');
            if (sweep.sweep().hasNonNull("recommendation")) {
                md.append("Recommendation: ")
                        .append(Markdown.inline(
                                sweep.sweep().path("recommendation").asText()))
                        .append("\n\n");
            }
        }
    }

    private void atAGlance() {
        List<String> verdicts = report.verdicts();
        if (verdicts.isEmpty()) {
            return;
        }
        md.append("## At a glance\n\n");
        verdicts.forEach(v -> md.append("- ").append(Markdown.inline(v)).append('\n'));
        md.append('\n');
    }

    private void outcomes() {
        md.append("## Outcomes\n\n");
        for (String name : report.workloadNames()) {
            for (LoadedRun r : report.runs()) {
                WorkloadSummary w = r.workloads().get(name);
                if (w != null) {
                    md.append("- ")
                            .append(Markdown.inline(name))
                            .append(", ")
                            .append(Markdown.inline(r.id()))
                            .append(": ")
                            .append(Markdown.inline(ComparisonReport.outcome(w)))
                            .append('\n');
                }
            }
        }
        md.append('\n');
    }

    private void workloads() {
        md.append("## Workloads\n\nmilliseconds; lock wait = in SQLite's busy handler (on PostgreSQL: sampled from"
                + " pg_locks every 5 ms), conn wait = waiting for a connection,"
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
        for (String name : report.workloadNames()) {
            for (LoadedRun r : report.runs()) {
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
    }

    private void busyByCodeAndPhase() {
        MarkdownTable busy =
                MarkdownTable.of("workload", "run", "code/phase", "count").align(3, MarkdownTable.Align.RIGHT);
        for (String name : report.workloadNames()) {
            for (LoadedRun r : report.runs()) {
                WorkloadSummary w = r.workloads().get(name);
                if (w != null) {
                    w.busyByCodeAndPhase()
                            .forEach((codeAndPhase, count) -> busy.row(
                                    Markdown.inline(name),
                                    Markdown.inline(r.id()),
                                    Markdown.inline(codeAndPhase),
                                    count));
                }
            }
        }
        if (!busy.isEmpty()) {
            md.append("## BUSY by code and phase\n\n").append(busy.render()).append('\n');
        }
    }

    private void jmh() {
        md.append("## JMH\n\n");
        MarkdownTable benchmarks = MarkdownTable.of(
                        "file", "benchmark", "mode", "params", "threads", "score", "±", "unit")
                .alignFrom(4, MarkdownTable.Align.RIGHT)
                .align(7, MarkdownTable.Align.LEFT);
        for (JmhResults file : report.jmh()) {
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

    private void watchedHolds() {
        md.append("## Write-lock holds seen by lockbench watch\n\n");
        MarkdownTable holds = MarkdownTable.of(
                        "watch", "pid", "holds", "p50 ms", "p99 ms", "max ms", "total ms", "command")
                .alignFrom(1, MarkdownTable.Align.RIGHT)
                .align(7, MarkdownTable.Align.LEFT);
        for (WatchResults w : report.watches()) {
            for (WatchReport.ProcessHolds p : w.summary().writeLockHolds()) {
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
        for (WatchResults w : report.watches()) {
            watchLine(w);
        }
        md.append('\n');
    }

    private void watchLine(WatchResults w) {
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
        String story = w.story();
        if (story != null) {
            md.append("  - what happened: ").append(Markdown.inline(story)).append('\n');
        }
    }
}
