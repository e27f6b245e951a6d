package io.lockbench.harness.sweep;

import io.lockbench.harness.text.Markdown;
import io.lockbench.harness.text.MarkdownTable;
import io.lockbench.harness.text.Millis;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The trade-off of a sweep: import throughput against the p99 of the concurrent operations, the
 * points on the Pareto front, and one plain recommendation.
 */
public final class SweepReport {

    private SweepReport() {}

    /** Points that no other point beats on throughput, concurrent p99 and failures at once. */
    public static List<SweepPoint> paretoFront(List<SweepPoint> points) {
        List<SweepPoint> front = new ArrayList<>();
        for (SweepPoint p : points) {
            if (points.stream().noneMatch(p::dominatedBy)) {
                front.add(p);
            }
        }
        return front;
    }

    /**
     * Among points without failures, the lowest concurrent p99 that keeps at least 80% of the best
     * import throughput; if every point fails somewhere, the one with the fewest failures.
     */
    public static Optional<String> recommendation(List<SweepPoint> points) {
        List<SweepPoint> clean = points.stream()
                .filter(p -> p.failures() == 0 && p.importsCompleted() > 0)
                .toList();
        if (points.isEmpty()) {
            return Optional.empty();
        }
        if (points.stream().allMatch(p -> p.importsCompleted() == 0)) {
            return Optional.of("none: no import completed at any point, so there is no throughput to trade against;"
                    + " lengthen run.duration or lower the work per import.");
        }
        if (clean.isEmpty()) {
            SweepPoint least = points.stream()
                    .min(Comparator.comparingLong(SweepPoint::failures)
                            .thenComparingDouble(SweepPoint::concurrentP99Ms))
                    .orElseThrow();
            return Optional.of(settings(least) + ": every point had failures; this one had the fewest ("
                    + least.failures() + "). Raise busy_timeout_ms or shorten transactions before tuning further.");
        }
        double bestThroughput =
                clean.stream().mapToDouble(SweepPoint::importsPerSecond).max().orElse(0);
        SweepPoint pick = clean.stream()
                .filter(p -> p.importsPerSecond() >= 0.8 * bestThroughput)
                .min(Comparator.comparingDouble(SweepPoint::concurrentP99Ms))
                .orElseThrow();
        SweepPoint fastest = clean.stream()
                .max(Comparator.comparingDouble(SweepPoint::importsPerSecond))
                .orElseThrow();
        String why = String.format(
                Locale.ROOT,
                "no BUSY, errors or inconsistent reads; the concurrent operations' p99 is %s (wait p99 %s)"
                        + " while imports keep %.0f%% of the best clean throughput (%.2f/s vs %.2f/s at %s)",
                Millis.format(pick.concurrentP99Ms()),
                Millis.format(pick.concurrentWaitP99Ms()),
                100 * pick.importsPerSecond() / Math.max(1e-9, bestThroughput),
                pick.importsPerSecond(),
                fastest.importsPerSecond(),
                settings(fastest));
        int failing = points.size() - clean.size();
        if (failing > 0) {
            why += String.format(Locale.ROOT, "; %d of %d points had failures", failing, points.size());
        }
        return Optional.of(settings(pick) + ": " + why);
    }

    static String settings(SweepPoint p) {
        List<String> parts = new ArrayList<>();
        p.settings().forEach((k, v) -> parts.add(k.substring(k.lastIndexOf('.') + 1) + "=" + v));
        return String.join(" ", parts);
    }

    public static String markdown(String scenario, List<SweepPoint> points, long planned) {
        List<SweepPoint> front = paretoFront(points);
        StringBuilder md = new StringBuilder("# Sweep of ")
                .append(Markdown.inline(scenario))
                .append("\n\n");
        md.append(points.size())
                .append(" of ")
                .append(planned)
                .append(" points run")
                .append(points.size() < planned ? " (interrupted)" : "")
                .append(".\n\n");
        recommendation(points)
                .ifPresent(r -> md.append("**Recommendation**: ")
                        .append(Markdown.inline(r))
                        .append("\n\n"));
        MarkdownTable table = MarkdownTable.of(
                        "point",
                        "imports/s",
                        "concurrent p99",
                        "concurrent wait p99",
                        "failures",
                        "Pareto front",
                        "expectations")
                .alignFrom(1, MarkdownTable.Align.RIGHT)
                .alignFrom(5, MarkdownTable.Align.CENTER);
        for (SweepPoint p : points) {
            String imports = p.importsCompleted() == 0
                    ? "none completed"
                    : String.format(Locale.ROOT, "%.2f", p.importsPerSecond());
            table.row(
                    Markdown.inline(settings(p)),
                    imports,
                    Millis.format(p.concurrentP99Ms()),
                    Millis.format(p.concurrentWaitP99Ms()),
                    p.failures(),
                    front.contains(p) ? "●" : "",
                    p.passed() ? "pass" : "fail");
        }
        md.append(table.render());
        long none = points.stream().filter(p -> p.importsCompleted() == 0).count();
        if (none > 0) {
            md.append(String.format(
                    Locale.ROOT,
                    "%nIn %d of %d points no import completed within the run: their throughput"
                            + " is not a measurement; lengthen run.duration or lower the work per import.%n",
                    none,
                    points.size()));
        }
        md.append(
                "\nimports/s: successful operations per second of the import workloads; concurrent: the worst p99 among the other workloads;"
                        + " wait: in SQLite's busy handler (sampled from pg_locks on PostgreSQL) plus for the writer connection; failures: BUSY + other errors + inconsistent reads.\n");
        return md.toString();
    }
}
