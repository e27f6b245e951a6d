package io.lockbench.harness.gate;

import io.lockbench.harness.report.LoadedRun;
import io.lockbench.harness.scenario.Scenario;
import io.lockbench.harness.scenario.WorkloadSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * How good the gate is on this machine, measured by resampling recorded baseline blocks: A/A trials
 * (two disjoint random sets of blocks of the same configuration: any regression is a false alarm)
 * and injection trials (the same, with every recorded wait of the candidate set multiplied by a
 * factor: each workload whose wait is above the floor should be flagged).
 */
public final class GateQuality {

    public record Outcome(int trials, int falseAlarms, int injectedChecks, int detected, int inconclusiveAa) {
        public double falseAlarmRate() {
            return trials == 0 ? 0 : (double) falseAlarms / trials;
        }

        public double detectionRate() {
            return injectedChecks == 0 ? 0 : (double) detected / injectedChecks;
        }
    }

    private GateQuality() {}

    public static Outcome evaluate(
            Scenario scenario,
            List<LoadedRun> blocks,
            int perSide,
            int trials,
            double inject,
            double tolerance,
            long seed) {
        if (blocks.size() < 2 * perSide) {
            throw new GateException(
                    blocks.size() + " recorded blocks; " + 2 * perSide + " are needed for two sides of " + perSide);
        }
        Random random = new Random(seed);
        int falseAlarms = 0;
        int inconclusive = 0;
        int checks = 0;
        int detected = 0;
        GateDesign design = new GateDesign(tolerance, 0.05, GateRunner.comparisons(scenario), 1);
        for (int t = 0; t < trials; t++) {
            List<LoadedRun> shuffled = new ArrayList<>(blocks);
            Collections.shuffle(shuffled, random);
            List<LoadedRun> a = shuffled.subList(0, perSide);
            List<LoadedRun> b = shuffled.subList(perSide, 2 * perSide);
            GateResult aa =
                    GateRunner.compare(scenario, "A", a, "A'", b, design, 1, false, List.of(), List.of(), "", 0);
            falseAlarms += aa.verdict() == Verdict.REGRESSION ? 1 : 0;
            inconclusive += aa.verdict() == Verdict.INCONCLUSIVE ? 1 : 0;
            for (WorkloadSpec w : scenario.workloads()) {
                List<Histogram> base = GateRunner.blocks(a, w.name() + ".wait");
                List<Histogram> cand = GateRunner.blocks(b, w.name() + ".wait").stream()
                        .map(h -> scaled(h, inject))
                        .toList();
                if (base.isEmpty() || P99Ratio.pooledP99Ms(base) < P99Ratio.FLOOR_MS) {
                    continue;
                }
                checks++;
                GateDesign.Comparison r = design.decide(w.name(), "wait", P99Ratio.estimate(base, cand, false));
                detected += r.verdict() == Verdict.REGRESSION ? 1 : 0;
            }
        }
        return new Outcome(trials, falseAlarms, checks, detected, inconclusive);
    }

    static Histogram scaled(Histogram h, double factor) {
        Histogram s = new Histogram(3);
        for (HistogramIterationValue v : h.recordedValues()) {
            s.recordValueWithCount(
                    Math.max(1, Math.round(v.getValueIteratedTo() * factor)), v.getCountAtValueIteratedTo());
        }
        return s;
    }
}
