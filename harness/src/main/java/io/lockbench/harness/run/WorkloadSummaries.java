package io.lockbench.harness.run;

import io.lockbench.harness.results.Metric;
import io.lockbench.harness.results.RunResult;
import io.lockbench.harness.scenario.Durations;
import io.lockbench.harness.scenario.Expectations;
import io.lockbench.harness.text.Millis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Turns what a workload recorded into its summary: percentiles per metric, counts, finish spread, expectations. */
final class WorkloadSummaries {

    private WorkloadSummaries() {}

    static RunResult.WorkloadSummary summarise(ScenarioRunner.Running w, double seconds, Duration warmup) {
        Map<String, RunResult.Stats> stats = new LinkedHashMap<>();
        for (Metric metric : Metric.values()) {
            stats.put(metric.label(), stats(w.totals.get(metric)));
        }
        double spread = 0;
        if (w.finishedAt.length > 1) {
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (long f : w.finishedAt) {
                if (f != 0) {
                    min = Math.min(min, f);
                    max = Math.max(max, f);
                }
            }
            spread = max > min ? (max - min) / 1e6 : 0;
        }
        WorkloadMetrics m = w.metrics;
        List<RunResult.Check> checks = checks(w.spec.expect(), stats, m, spread);
        double active = Math.max(1e-9, seconds - warmup.toNanos() / 1e9);
        return new RunResult.WorkloadSummary(
                w.spec.name(),
                w.spec.type().configName(),
                w.spec.totalThreads(),
                m.attempted(),
                m.ok(),
                m.busyTotal(),
                m.probeBusy(),
                m.busyByCodeAndPhase(),
                m.otherErrorTotal(),
                m.otherErrors(),
                m.firstErrorMessages(),
                m.inconsistent(),
                m.warmupOperations(),
                m.attempted() / active,
                stats,
                spread,
                checks);
    }

    static RunResult.Stats stats(Histogram h) {
        if (h.getTotalCount() == 0) {
            return new RunResult.Stats(0, 0, 0, 0, 0, 0, 0);
        }
        return new RunResult.Stats(
                h.getTotalCount(),
                h.getMean() / 1e6,
                h.getValueAtPercentile(50) / 1e6,
                h.getValueAtPercentile(90) / 1e6,
                h.getValueAtPercentile(99) / 1e6,
                h.getValueAtPercentile(99.9) / 1e6,
                h.getMaxValue() / 1e6);
    }

    static List<RunResult.Check> checks(
            Expectations e, Map<String, RunResult.Stats> stats, WorkloadMetrics m, double spreadMs) {
        List<RunResult.Check> checks = new ArrayList<>();
        if (m.attempted() == 0) {
            // A workload that measured nothing (its threads died, its warm-up took the whole run) is never a
            // pass, with or without expectations: every limit holds trivially for nothing.
            checks.add(new RunResult.Check("operations", "> 0", "no operations measured", false));
        }
        if (e.maxP99() != null) {
            double p99 = stats.get(Metric.LATENCY.label()).p99();
            checks.add(new RunResult.Check(
                    "max_p99",
                    Durations.format(e.maxP99()),
                    Millis.format(p99),
                    p99 <= e.maxP99().toNanos() / 1e6));
        }
        if (e.maxLockWaitP99() != null) {
            // Under the split strategy writers wait for the writer connection, not in SQLite: both count.
            double p99 = stats.get(Metric.WAIT.label()).p99();
            checks.add(new RunResult.Check(
                    "max_lock_wait_p99",
                    Durations.format(e.maxLockWaitP99()),
                    Millis.format(p99),
                    p99 <= e.maxLockWaitP99().toNanos() / 1e6));
        }
        if (e.maxBusy() != null) {
            checks.add(new RunResult.Check(
                    "max_busy", e.maxBusy().toString(), Long.toString(m.busyTotal()), m.busyTotal() <= e.maxBusy()));
        }
        if (e.maxErrors() != null) {
            long errors = m.busyTotal() + m.otherErrorTotal();
            checks.add(new RunResult.Check(
                    "max_errors", e.maxErrors().toString(), Long.toString(errors), errors <= e.maxErrors()));
        }
        if (e.maxInconsistent() != null) {
            checks.add(new RunResult.Check(
                    "max_inconsistent",
                    e.maxInconsistent().toString(),
                    Long.toString(m.inconsistent()),
                    m.inconsistent() <= e.maxInconsistent()));
        }
        if (e.maxFinishSpread() != null) {
            checks.add(new RunResult.Check(
                    "max_finish_spread",
                    Durations.format(e.maxFinishSpread()),
                    Millis.format(spreadMs),
                    spreadMs <= e.maxFinishSpread().toNanos() / 1e6));
        }
        return checks;
    }
}
