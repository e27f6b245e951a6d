package io.lockbench.harness.report;

import io.lockbench.harness.results.RunResult.WorkloadSummary;
import io.lockbench.harness.text.Csv;
import io.lockbench.harness.watch.WatchReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A {@link ComparisonReport} as CSV, for spreadsheets. */
final class CsvReport {

    private CsvReport() {}

    /**
     * One row per workload and run, then one per JMH score, all under one header: the JMH rows fill the
     * identifying columns and {@code score}, {@code score_error}, {@code score_unit}, and leave the
     * run-only columns empty.
     */
    static String render(ComparisonReport report) {
        Set<String> keys = report.differingKeys();
        List<String> header = new ArrayList<>(List.of("run", "scenario", "workload", "type", "ops", "ops_per_second"));
        for (String metric : ComparisonReport.METRICS) {
            for (String stat : ComparisonReport.STATS) {
                header.add(metric + "_" + stat + "_ms");
            }
        }
        header.addAll(List.of("busy", "other_errors", "inconsistent"));
        header.addAll(keys);
        header.addAll(List.of("score", "score_error", "score_unit"));
        StringBuilder csv = new StringBuilder();
        row(csv, header);
        for (LoadedRun r : report.runs()) {
            for (Map.Entry<String, WorkloadSummary> e : r.workloads().entrySet()) {
                WorkloadSummary w = e.getValue();
                List<String> row = new ArrayList<>(List.of(
                        r.id(),
                        r.run().scenario(),
                        e.getKey(),
                        w.type(),
                        Long.toString(w.attempted()),
                        Double.toString(w.operationsPerSecond())));
                for (String metric : ComparisonReport.METRICS) {
                    for (String stat : ComparisonReport.STATS) {
                        row.add(Double.toString(ComparisonReport.stat(w, metric, stat)));
                    }
                }
                row.addAll(List.of(
                        Long.toString(w.busy()), Long.toString(w.otherErrors()), Long.toString(w.inconsistent())));
                keys.forEach(k -> row.add(r.configuration().getOrDefault(k, "")));
                row.addAll(List.of("", "", ""));
                row(csv, row);
            }
        }
        for (JmhResults file : report.jmh()) {
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
        for (WatchResults w : report.watches()) {
            for (WatchReport.ProcessHolds p : w.summary().writeLockHolds()) {
                List<String> row = new ArrayList<>(
                        List.of(w.id(), "watch", "pid-" + p.pid(), "write-lock-holds", Long.toString(p.holds()), ""));
                for (String metric : ComparisonReport.METRICS) {
                    for (String stat : ComparisonReport.STATS) {
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
}
