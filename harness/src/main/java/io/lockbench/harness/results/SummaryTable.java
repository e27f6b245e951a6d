package io.lockbench.harness.results;

import io.lockbench.harness.text.Markdown;
import io.lockbench.harness.text.MarkdownTable;
import io.lockbench.harness.text.Millis;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The per-workload summary of a run, as a terminal table and as Markdown. */
public final class SummaryTable {

    private SummaryTable() {}

    public static String text(RunResult r) {
        StringBuilder out = new StringBuilder();
        out.append(
                "p50/p99/max: latency; lock wait: p99 in SQLite's busy handler (PostgreSQL: sampled from pg_locks); conn wait: p99 waiting for a connection\n");
        out.append(String.format(
                Locale.ROOT,
                "%-18s %9s %9s %5s %6s %6s %10s %10s %10s %10s %10s %10s %10s%n",
                "workload",
                "ops",
                "ok",
                "busy",
                "errors",
                "incons",
                "p50",
                "p99",
                "max",
                "lock wait",
                "conn wait",
                "hold p99",
                "hold max"));
        for (RunResult.WorkloadSummary w : r.workloads()) {
            List<Object> row = new ArrayList<>(List.of(w.name()));
            row.addAll(figures(w));
            out.append(String.format(
                    Locale.ROOT, "%-18s %9d %9d %5d %6d %6d %10s %10s %10s %10s %10s %10s %10s%n", row.toArray()));
        }
        for (RunResult.WorkloadSummary w : r.workloads()) {
            if (!w.busyByCodeAndPhase().isEmpty()) {
                out.append("  ")
                        .append(w.name())
                        .append(" busy: ")
                        .append(join(w.busyByCodeAndPhase()))
                        .append('\n');
            }
            if (!w.otherErrorsByKind().isEmpty()) {
                out.append("  ")
                        .append(w.name())
                        .append(" errors: ")
                        .append(join(w.otherErrorsByKind()))
                        .append(" (first: ")
                        .append(w.firstErrorMessages().values().iterator().next())
                        .append(")\n");
            }
            for (RunResult.Check c : w.checks()) {
                out.append(String.format(
                        Locale.ROOT,
                        "  %s expect %s <= %s: %s (%s)%n",
                        w.name(),
                        c.rule().replace("max_", ""),
                        c.limit(),
                        c.passed() ? "ok" : "FAILED",
                        c.actual()));
            }
        }
        if (r.threadsLeftRunning() > 0) {
            out.append("  ").append(r.threadsLeftRunning()).append(" worker threads did not stop\n");
        }
        if (r.timedOut()) {
            out.append("  the run passed its time limit and was stopped\n");
        }
        return out.toString();
    }

    public static String markdown(RunResult r) {
        StringBuilder out = new StringBuilder();
        out.append("# ")
                .append(Markdown.inline(r.scenario().name()))
                .append(" — run ")
                .append(Markdown.inline(r.runId()))
                .append("\n\n");
        if (!r.scenario().description().isBlank()) {
            out.append(Markdown.block(r.scenario().description())).append("\n\n");
        }
        out.append(String.format(
                Locale.ROOT,
                "%s, %.1f s, %s%n%n",
                r.passed() ? "**passed**" : "**FAILED**",
                r.seconds(),
                r.environment().get("sqlite_version") == null
                        ? ""
                        : "SQLite " + r.environment().get("sqlite_version")));
        MarkdownTable table = MarkdownTable.of(
                        "workload",
                        "type",
                        "threads",
                        "ops",
                        "ok",
                        "BUSY",
                        "other errors",
                        "inconsistent",
                        "p50",
                        "p99",
                        "max",
                        "lock wait p99",
                        "conn wait p99",
                        "hold p99",
                        "hold max")
                .alignFrom(2, MarkdownTable.Align.RIGHT);
        for (RunResult.WorkloadSummary w : r.workloads()) {
            List<Object> row =
                    new ArrayList<>(List.of(Markdown.inline(w.name()), Markdown.inline(w.type()), w.threads()));
            row.addAll(figures(w));
            table.row(row.toArray());
        }
        out.append(table.render()).append('\n');
        for (RunResult.WorkloadSummary w : r.workloads()) {
            String name = Markdown.inline(w.name());
            if (!w.busyByCodeAndPhase().isEmpty()) {
                out.append("- ")
                        .append(name)
                        .append(" BUSY by code/phase: ")
                        .append(Markdown.inline(join(w.busyByCodeAndPhase())))
                        .append('\n');
            }
            if (!w.otherErrorsByKind().isEmpty()) {
                out.append("- ")
                        .append(name)
                        .append(" other errors: ")
                        .append(Markdown.inline(join(w.otherErrorsByKind())))
                        .append(" (first: ")
                        .append(Markdown.inline(
                                w.firstErrorMessages().values().iterator().next()))
                        .append(")\n");
            }
            for (RunResult.Check c : w.checks()) {
                out.append(String.format(
                        Locale.ROOT,
                        "- %s: %s ≤ %s — %s (%s)%n",
                        name,
                        Markdown.inline(c.rule()),
                        Markdown.inline(c.limit()),
                        c.passed() ? "ok" : "**failed**",
                        Markdown.inline(c.actual())));
            }
        }
        return out.toString();
    }

    private static String join(Map<String, Long> counts) {
        return counts.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /** The counts and times of a workload, in the column order both summaries share. */
    private static List<Object> figures(RunResult.WorkloadSummary w) {
        RunResult.Stats lat = w.millis().get(Metric.LATENCY.label());
        RunResult.Stats lock = w.millis().get(Metric.LOCK_WAIT.label());
        RunResult.Stats conn = w.millis().get(Metric.CONNECTION_WAIT.label());
        RunResult.Stats hold = w.millis().get(Metric.HOLD.label());
        return List.of(
                w.attempted(),
                w.ok(),
                w.busy(),
                w.otherErrors(),
                w.inconsistent(),
                Millis.format(lat.p50()),
                Millis.format(lat.p99()),
                Millis.format(lat.max()),
                Millis.format(lock.p99()),
                Millis.format(conn.p99()),
                hold.count() == 0 ? "-" : Millis.format(hold.p99()),
                hold.count() == 0 ? "-" : Millis.format(hold.max()));
    }
}
