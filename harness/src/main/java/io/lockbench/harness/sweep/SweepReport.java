package io.lockbench.harness.sweep;

import io.lockbench.harness.json.Json;
import io.lockbench.harness.text.Markdown;
import io.lockbench.harness.text.MarkdownTable;
import io.lockbench.harness.text.Millis;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
     * The point {@code objective} picks, with why, and the rule itself; if every point fails somewhere,
     * the one with the fewest failures.
     */
    public static Optional<String> recommendation(List<SweepPoint> points, SweepObjective objective) {
        if (points.isEmpty()) {
            return Optional.empty();
        }
        String rule = " Rule: " + objective.describe() + ".";
        if (points.stream().allMatch(p -> p.importsCompleted() == 0)) {
            return Optional.of("none: no import completed at any point, so there is no throughput to trade against;"
                    + " lengthen run.duration or lower the work per import." + rule);
        }
        List<SweepPoint> clean = points.stream()
                .filter(p -> p.failures() == 0 && p.importsCompleted() > 0)
                .toList();
        if (clean.isEmpty()) {
            SweepPoint least = points.stream()
                    .min(Comparator.comparingLong(SweepPoint::failures).thenComparingDouble(objective::value))
                    .orElseThrow();
            return Optional.of(settings(least) + ": every point had failures; this one had the fewest ("
                    + least.failures() + "). Raise busy_timeout_ms or shorten transactions before tuning further."
                    + rule);
        }
        List<SweepPoint> measured = clean.stream()
                .filter(p -> p.fewestOperations() >= objective.minOperations())
                .toList();
        if (measured.isEmpty()) {
            return Optional.of(String.format(
                    Locale.ROOT,
                    "none: no clean point finished %d measured operations in every workload (the most was %d), too few"
                            + " for its p99 to mean anything; lengthen run.duration.%s",
                    objective.minOperations(),
                    clean.stream().mapToLong(SweepPoint::fewestOperations).max().orElse(0),
                    rule));
        }
        double bestThroughput = measured.stream()
                .mapToDouble(SweepPoint::importsPerSecond)
                .max()
                .orElse(0);
        SweepPoint pick = recommendedPoint(points, objective).orElseThrow();
        SweepPoint fastest = measured.stream()
                .max(Comparator.comparingDouble(SweepPoint::importsPerSecond))
                .orElseThrow();
        String why = String.format(
                Locale.ROOT,
                "no BUSY, errors or inconsistent reads; the figure minimised is %s (concurrent p99 %s, wait p99 %s)"
                        + " while imports keep %.0f%% of the best clean throughput (%.2f/s vs %.2f/s at %s)",
                Millis.format(objective.value(pick)),
                Millis.format(pick.concurrentP99Ms()),
                Millis.format(pick.concurrentWaitP99Ms()),
                100 * pick.importsPerSecond() / Math.max(1e-9, bestThroughput),
                pick.importsPerSecond(),
                fastest.importsPerSecond(),
                settings(fastest));
        int left = points.size() - measured.size();
        if (left > 0) {
            why += String.format(
                    Locale.ROOT,
                    "; %d of %d points were not eligible (failures, or under %d operations in a workload)",
                    left,
                    points.size(),
                    objective.minOperations());
        }
        return Optional.of(settings(pick) + ": " + why + "." + rule);
    }

    /**
     * The point {@link #recommendation} recommends: among the points with no failures, a completed import
     * and {@code minOperations} in every workload, the one with the least objective value of those whose
     * import throughput is within the floor of the best. Empty when no point qualifies.
     */
    public static Optional<SweepPoint> recommendedPoint(List<SweepPoint> points, SweepObjective objective) {
        List<SweepPoint> measured = points.stream()
                .filter(p -> p.failures() == 0 && p.importsCompleted() > 0)
                .filter(p -> p.fewestOperations() >= objective.minOperations())
                .toList();
        double bestThroughput = measured.stream()
                .mapToDouble(SweepPoint::importsPerSecond)
                .max()
                .orElse(0);
        return measured.stream()
                .filter(p -> p.importsPerSecond() >= objective.throughputFloor() * bestThroughput)
                .min(Comparator.comparingDouble(objective::value));
    }

    /**
     * The sweep as data, written to {@code sweep.json} beside {@code sweep.md} and printed by {@code sweep
     * --json}: the scenario, the rule, every point's figures (milliseconds; null where not measured), which
     * point is recommended and the recommendation's sentence.
     */
    public static Map<String, Object> document(String scenario, List<SweepPoint> points, SweepObjective objective) {
        Optional<SweepPoint> recommended = recommendedPoint(points, objective);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("scenario", scenario);
        doc.put("objective", objective.metric().option());
        doc.put("objective_meaning", objective.metric().meaning());
        doc.put("rule", objective.describe());
        List<Object> list = new ArrayList<>();
        for (SweepPoint p : points) {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("run_id", p.id());
            point.put("settings", p.settings());
            point.put("recommended", recommended.map(r -> r.id().equals(p.id())).orElse(false));
            point.put("passed", p.passed());
            point.put("imports_completed", p.importsCompleted());
            point.put("imports_per_second", Json.finite(p.importsPerSecond()));
            point.put("concurrent_p99_ms", Json.finite(p.concurrentP99Ms()));
            point.put("concurrent_wait_p99_ms", Json.finite(p.concurrentWaitP99Ms()));
            point.put("writer_wait_p99_ms", Json.finite(p.writerWaitP99Ms()));
            point.put("objective_ms", Json.finite(objective.value(p)));
            point.put("fewest_operations", p.fewestOperations());
            point.put("failures", p.failures());
            list.add(point);
        }
        doc.put("points", list);
        doc.put("recommended", recommended.map(SweepPoint::settings).orElse(null));
        doc.put("recommendation", recommendation(points, objective).orElse(null));
        return doc;
    }

    static String settings(SweepPoint p) {
        List<String> parts = new ArrayList<>();
        p.settings().forEach((k, v) -> parts.add(k.substring(k.lastIndexOf('.') + 1) + "=" + v));
        return String.join(" ", parts);
    }

    public static String markdown(String scenario, List<SweepPoint> points, long planned, SweepObjective objective) {
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
        recommendation(points, objective)
                .ifPresent(r -> md.append("**Recommendation**: ")
                        .append(Markdown.inline(r))
                        .append("\n\n"));
        MarkdownTable table = MarkdownTable.of(
                        "point",
                        "imports/s",
                        "concurrent p99",
                        "concurrent wait p99",
                        "writer wait p99",
                        "fewest ops",
                        "failures",
                        "Pareto front",
                        "expectations")
                .alignFrom(1, MarkdownTable.Align.RIGHT)
                .alignFrom(7, MarkdownTable.Align.CENTER);
        for (SweepPoint p : points) {
            String imports = p.importsCompleted() == 0
                    ? "none completed"
                    : String.format(Locale.ROOT, "%.2f", p.importsPerSecond());
            table.row(
                    Markdown.inline(settings(p)),
                    imports,
                    Millis.format(p.concurrentP99Ms()),
                    Millis.format(p.concurrentWaitP99Ms()),
                    Double.isNaN(p.writerWaitP99Ms()) ? "–" : Millis.format(p.writerWaitP99Ms()),
                    p.fewestOperations(),
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
                "\nimports/s: successful operations per second of the import workloads (executions per second of bulk sql workloads); concurrent: the worst p99 among the other workloads;"
                        + " writer: among the other workloads that write; fewest ops: the fewest measured operations of any workload;"
                        + " wait: in SQLite's busy handler (sampled from pg_locks on PostgreSQL) plus for the writer connection; failures: BUSY + other errors + inconsistent reads.\n");
        return md.toString();
    }
}
